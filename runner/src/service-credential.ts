import { createHash, timingSafeEqual } from 'node:crypto';
import { SERVICE_AUTH_SCHEME } from '@extsys/protocol';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Whether an `Authorization` header carries the gateway's service credential
 * (`Bearer <RUNNER_SERVICE_TOKEN>`), compared in constant time over digests so neither the token
 * nor its length leaks. Without a configured token nothing presents it.
 */
export function serviceCredentialCheck(
  serviceToken: string | undefined,
): (authorization: string | undefined) => boolean {
  if (serviceToken === undefined) return () => false;
  const expected = digest(serviceToken);
  const prefix = `${SERVICE_AUTH_SCHEME} `;
  return (authorization) => {
    const presented = authorization?.startsWith(prefix) ? authorization.slice(prefix.length) : '';
    return presented !== '' && timingSafeEqual(digest(presented), expected);
  };
}
