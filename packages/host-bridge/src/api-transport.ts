import type { ApiRequest, ApiResponse } from '@extsys/protocol/host-methods';
import { HostBridgeError } from './errors.js';

/** Request headers the extension may not set: the host owns authentication and the connection. */
const BLOCKED_REQUEST_HEADERS = new Set(['authorization', 'cookie', 'host', 'origin', 'referer', 'content-length']);
const HEADER_VALUE = /^[\t\u0020-\u007e\u0080-\u00ff]*$/;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9a-z-]+$/;

export interface ApiTransport {
  perform(request: ApiRequest): Promise<ApiResponse>;
  cancel(id: string): boolean;
  /** Aborts every call in flight (destroy). */
  abortAll(reason: HostBridgeError): void;
  readonly inFlight: number;
}

/** Reads a response body, aborting as soon as it passes `max` bytes (no unbounded buffering). */
async function readCapped(response: Response, max: number, controller: AbortController): Promise<Uint8Array> {
  const tooLarge = () => new HostBridgeError('response_too_large', `the response is larger than ${max} bytes`);
  try {
    if (!response.body) return new Uint8Array(await response.arrayBuffer());
    const reader = response.body.getReader();
    const chunks: Uint8Array[] = [];
    let total = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > max) {
        controller.abort(tooLarge());
        await reader.cancel().catch(() => undefined);
        throw tooLarge();
      }
      chunks.push(value);
    }
    const body = new Uint8Array(total);
    let offset = 0;
    for (const chunk of chunks) {
      body.set(chunk, offset);
      offset += chunk.byteLength;
    }
    return body;
  } catch (error) {
    if (error instanceof HostBridgeError) throw error;
    if (controller.signal.aborted) throw controller.signal.reason;
    throw new HostBridgeError('bad_gateway', `reading the response failed: ${String(error)}`);
  }
}

/**
 * The bridge API transport: the host performs an extension's gateway call with its own `fetch`,
 * `{gateway}/api/ext/{extensionId}{path}` with the bearer token, no cookies, the caller's deadline,
 * bodies as bytes, and `apiCancel` aborting the fetch.
 */
export function createApiTransport(options: {
  gatewayBaseUrl: string;
  extensionId: string;
  token: (forceFresh: boolean) => Promise<string>;
  maxBodyBytes: number;
  fetch?: typeof fetch;
}): ApiTransport {
  const base = options.gatewayBaseUrl.replace(/\/+$/, '');
  const prefix = `${base}/api/ext/${encodeURIComponent(options.extensionId)}`;
  const calls = new Map<string, AbortController>();

  async function perform(request: ApiRequest): Promise<ApiResponse> {
    if (calls.has(request.id))
      throw new HostBridgeError('conflict', `an API call with id "${request.id}" is already in flight`);
    const controller = new AbortController();
    calls.set(request.id, controller);
    const deadline = setTimeout(
      () =>
        controller.abort(new HostBridgeError('timeout', `the API call did not answer within ${request.timeoutMs} ms`)),
      request.timeoutMs,
    );
    try {
      const headers = new Headers();
      for (const [name, value] of Object.entries(request.headers)) {
        if (!BLOCKED_REQUEST_HEADERS.has(name)) headers.set(name, value);
      }
      headers.set('authorization', `Bearer ${await options.token(false)}`);
      const init: RequestInit = {
        method: request.method,
        headers,
        credentials: 'omit',
        cache: 'no-store',
        redirect: 'error',
        referrerPolicy: 'no-referrer',
        signal: controller.signal,
      };
      if (request.body !== undefined) init.body = request.body as Uint8Array<ArrayBuffer>;
      const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
      let response: Response;
      try {
        response = await doFetch(`${prefix}${request.path}`, init);
      } catch (error) {
        if (controller.signal.aborted) throw controller.signal.reason;
        throw new HostBridgeError(
          'bad_gateway',
          `the gateway could not be reached: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      const declared = Number(response.headers.get('content-length') ?? '0');
      if (declared > options.maxBodyBytes) {
        controller.abort();
        throw new HostBridgeError('response_too_large', `the response is larger than ${options.maxBodyBytes} bytes`);
      }
      const body = await readCapped(response, options.maxBodyBytes, controller);
      const responseHeaders: Record<string, string> = {};
      let count = 0;
      response.headers.forEach((value, name) => {
        const lower = name.toLowerCase();
        if (count >= 64 || lower === 'set-cookie' || !HEADER_NAME.test(lower) || !HEADER_VALUE.test(value)) return;
        if (value.length > 8192) return;
        responseHeaders[lower] = value;
        count++;
      });
      const result: ApiResponse = { status: response.status, headers: responseHeaders, body };
      const requestId = response.headers.get('x-request-id');
      if (requestId && /^[A-Za-z0-9._:-]{1,128}$/.test(requestId)) result.requestId = requestId;
      return result;
    } finally {
      clearTimeout(deadline);
      calls.delete(request.id);
    }
  }

  return {
    perform,
    cancel(id) {
      const controller = calls.get(id);
      if (!controller) return false;
      controller.abort(new HostBridgeError('aborted', 'the extension cancelled the API call'));
      return true;
    },
    abortAll(reason) {
      for (const controller of calls.values()) controller.abort(reason);
      calls.clear();
    },
    get inFlight() {
      return calls.size;
    },
  };
}
