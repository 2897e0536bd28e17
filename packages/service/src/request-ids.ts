import { nanoid } from 'nanoid';

/** A request id the service mints: `req_` and 16 URL-safe random characters. */
export function mintRequestId(): string {
  return `req_${nanoid(16)}`;
}

/**
 * The id each raw request was given, so a refusal written on its socket outside Fastify (a body
 * that stopped arriving) names the id its log lines already carry. Weak: gone with the request.
 */
const idsOfRawRequests = new WeakMap<object, string>();

export function rememberRequestId(rawRequest: object, id: string): void {
  idsOfRawRequests.set(rawRequest, id);
}

export function rememberedRequestId(rawRequest: object): string | undefined {
  return idsOfRawRequests.get(rawRequest);
}
