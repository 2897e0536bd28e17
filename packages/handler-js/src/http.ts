import { hostValue } from './host-call.js';

// Outbound HTTP (capability `http.fetch`), deny by default: only origins in the manifest's
// `http.allow` and the install's allowlist. An upstream answer of any status is a value; a refusal
// (`egress_denied`, `capability_denied`) or a failure (`timeout`, `bad_gateway`,
// `response_too_large`) throws a `HostCallError`.

export type FetchMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface FetchOptions {
  readonly method?: FetchMethod;
  /** Lower-case names. */
  readonly headers?: Readonly<Record<string, string>>;
  /** A text body (UTF-8); `JSON.stringify` a value yourself and set `content-type`. */
  readonly body?: string;
  /** Default: the runner's, always within the call's remaining deadline. */
  readonly timeoutMs?: number;
}

export interface FetchResult {
  readonly status: number;
  /** Status 200–299. */
  readonly ok: boolean;
  readonly headers: Readonly<Record<string, string>>;
  /** The upstream body as text. Never pass it on in an error message. */
  readonly body: string;
}

export const http = {
  async fetch(url: string, options: FetchOptions = {}): Promise<FetchResult> {
    const value = hostValue('http_fetch', {
      method: options.method ?? 'GET',
      url,
      ...(options.headers === undefined ? {} : { headers: { ...options.headers } }),
      ...(options.body === undefined ? {} : { body: options.body }),
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    });
    return { ...value, ok: value.status >= 200 && value.status < 300 };
  },
};
