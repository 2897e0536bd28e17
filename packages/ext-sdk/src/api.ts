import type { ErrorCode, ErrorEnvelope, HostContext } from '@extsys/protocol/bridge';
import { HEADER } from '@extsys/protocol/gateway';
import type { ApiRequest } from '@extsys/protocol/host-methods';
import { abortError, timeoutError, type Caller } from './bridge.js';
import { ExtError, fromEnvelope } from './errors.js';
import { API_PATH, ERROR_ENVELOPE } from './generated/validators.js';
import { randomId } from './ids.js';
import type { TokenStore } from './token.js';
import { problemOf } from './validate.js';

type HttpMethod = ApiRequest['method'];

export interface ApiInit {
  method?: HttpMethod;
  headers?: HeadersInit;
  /** Anything `fetch` accepts; read once into bytes (so a 401 retry can resend it). */
  body?: BodyInit | null;
  signal?: AbortSignal | undefined;
  /** Deadline of the whole call (including a 401 retry); default `context.limits.callTimeoutMs`. */
  timeoutMs?: number;
}

export interface ApiJsonInit extends Omit<ApiInit, 'body'> {
  /** Sent as `application/json`. */
  json?: unknown;
  body?: BodyInit | null;
}

export interface ApiClient {
  /**
   * Calls `{gateway}/api/ext/{extensionId}{path}`. Resolves with the `Response` for a status below
   * 400; a status of 400 or more, a redirect, a deadline, an abort or a network failure rejects
   * with `ExtError`.
   */
  fetch(path: string, init?: ApiInit): Promise<Response>;
  /** `fetch` + JSON: sends `json` as the body, parses the answer (empty body → `null`). */
  json<T = unknown>(path: string, init?: ApiJsonInit): Promise<T>;
}

interface Prepared {
  method: HttpMethod;
  path: string;
  headers: Headers;
  body: Uint8Array | undefined;
  requestId: string;
}

const CODE_FOR_STATUS: Record<number, ErrorCode> = {
  400: 'bad_request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
  502: 'bad_gateway',
  503: 'overloaded',
  504: 'timeout',
};

/** The gateway's `{error: envelope}` body when present, else a code derived from the status. */
export async function errorFromResponse(response: Response, fallbackRequestId: string): Promise<ExtError> {
  const requestId = response.headers.get(HEADER.requestId) ?? fallbackRequestId;
  let text = '';
  try {
    text = await response.text();
  } catch {
    // body unreadable: the status still says what happened
  }
  try {
    const envelope = (JSON.parse(text) as { error?: unknown } | null)?.error as ErrorEnvelope;
    if (!problemOf(ERROR_ENVELOPE, envelope)) {
      const error = fromEnvelope(envelope, response.status);
      return error.requestId ? error : fromEnvelope({ ...envelope, requestId }, response.status);
    }
  } catch {
    // not JSON
  }
  const code = CODE_FOR_STATUS[response.status] ?? (response.status >= 500 ? 'internal' : 'bad_request');
  return new ExtError(code, `the gateway answered ${response.status} ${response.statusText}`.trim(), {
    status: response.status,
    requestId,
  });
}

export interface ApiDeps {
  context: () => HostContext;
  tokens: TokenStore;
  caller: Caller;
  fetch: () => typeof fetch;
}

export function createApiClient(deps: ApiDeps): ApiClient {
  async function prepare(path: string, init: ApiInit): Promise<Prepared> {
    const problem = problemOf(API_PATH, path, 'api path');
    if (problem) throw new ExtError('path_invalid', `${problem} (got ${JSON.stringify(String(path).slice(0, 80))})`);
    const method = (init.method ?? 'GET').toUpperCase() as HttpMethod;
    // A Request normalises every BodyInit to bytes and its content type (FormData boundary included).
    const request = new Request('http://extsys.invalid/', {
      method,
      headers: init.headers ?? {},
      ...(init.body == null ? {} : { body: init.body }),
    });
    const body = init.body == null ? undefined : new Uint8Array(await request.arrayBuffer());
    const { maxApiBodyBytes } = deps.context().limits;
    if (body && body.byteLength > maxApiBodyBytes) {
      throw new ExtError(
        'payload_too_large',
        `the request body is ${body.byteLength} bytes; the limit is ${maxApiBodyBytes}`,
      );
    }
    const headers = new Headers(request.headers);
    headers.delete('authorization');
    headers.delete('cookie');
    const requestId = headers.get(HEADER.requestId) ?? randomId();
    headers.set(HEADER.requestId, requestId);
    return { method, path, headers, body, requestId };
  }

  async function direct(p: Prepared, signal: AbortSignal, remainingMs: number): Promise<Response> {
    const ctx = deps.context();
    const token = await deps.tokens.getToken();
    const headers = new Headers(p.headers);
    headers.set('authorization', `Bearer ${token}`);
    headers.set(HEADER.deadline, String(Math.max(1, Math.floor(remainingMs))));
    const base = ctx.gateway.baseUrl.replace(/\/+$/, '');
    return deps.fetch()(`${base}/api/ext/${encodeURIComponent(ctx.extension.id)}${p.path}`, {
      method: p.method,
      headers,
      ...(p.body ? { body: p.body as BodyInit } : {}),
      credentials: 'omit',
      cache: 'no-store',
      redirect: 'error',
      signal,
    });
  }

  async function viaBridge(p: Prepared, signal: AbortSignal, remainingMs: number): Promise<Response> {
    const headers: Record<string, string> = {};
    p.headers.forEach((value, name) => (headers[name] = value));
    const timeoutMs = Math.min(120_000, Math.max(1, Math.ceil(remainingMs)));
    // A fresh copy per attempt, transferred (moved, not cloned); the original stays for a 401 retry.
    const body = p.body?.slice();
    const cancel = () =>
      void deps.caller.call('apiCancel', { id: p.requestId }, { timeoutMs: 5000 }).catch(() => undefined);
    signal.addEventListener('abort', cancel, { once: true });
    try {
      const answer = await deps.caller.call(
        'apiRequest',
        { id: p.requestId, method: p.method, path: p.path, headers, timeoutMs, ...(body ? { body } : {}) },
        { timeoutMs: timeoutMs + 1000, signal, ...(body ? { transferables: [body.buffer] } : {}) },
      );
      const out = new Headers(answer.headers);
      if (answer.requestId) out.set(HEADER.requestId, answer.requestId);
      const nullBody = answer.status === 204 || answer.status === 205 || answer.status === 304;
      return new Response(nullBody ? null : (answer.body as BodyInit), { status: answer.status, headers: out });
    } finally {
      signal.removeEventListener('abort', cancel);
    }
  }

  async function send(path: string, init: ApiInit = {}): Promise<Response> {
    const ctx = deps.context();
    const timeoutMs = init.timeoutMs ?? ctx.limits.callTimeoutMs;
    const what = `api ${init.method ?? 'GET'} ${path}`;
    if (init.signal?.aborted) throw abortError(what);
    const controller = new AbortController();
    let reason: ExtError | undefined;
    const stop = (error: ExtError) => {
      reason ??= error;
      controller.abort(error);
    };
    const started = performance.now();
    const timer = setTimeout(() => stop(timeoutError(what, timeoutMs)), timeoutMs);
    const onAbort = () => stop(abortError(what));
    init.signal?.addEventListener('abort', onAbort, { once: true });
    // Rejects as soon as the deadline or the abort fires, whatever the transport is doing.
    const stopped = new Promise<never>((_, reject) =>
      controller.signal.addEventListener('abort', () => reject(reason ?? abortError(what)), { once: true }),
    );
    stopped.catch(() => undefined);
    try {
      const p = await Promise.race([prepare(path, init), stopped]);
      const attempt = () => {
        const remaining = timeoutMs - (performance.now() - started);
        const transport = deps.context().gateway.transport === 'bridge' ? viaBridge : direct;
        return Promise.race([transport(p, controller.signal, remaining), stopped]);
      };
      let response = await attempt().catch((error: unknown) => Promise.reject(wrap(error, reason, p.requestId)));
      if (response.status === 401) {
        await Promise.race([deps.tokens.refreshAfterUnauthorized(), stopped]);
        response = await attempt().catch((error: unknown) => Promise.reject(wrap(error, reason, p.requestId)));
      }
      if (response.status >= 400) throw await errorFromResponse(response, p.requestId);
      return response;
    } catch (error) {
      throw wrap(error, reason, undefined);
    } finally {
      clearTimeout(timer);
      init.signal?.removeEventListener('abort', onAbort);
    }
  }

  return {
    fetch: send,
    async json<T>(path: string, init: ApiJsonInit = {}): Promise<T> {
      const { json, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (!headers.has('accept')) headers.set('accept', 'application/json');
      if (json !== undefined) headers.set('content-type', 'application/json');
      const response = await send(path, {
        ...rest,
        headers,
        ...(json !== undefined ? { body: JSON.stringify(json), method: rest.method ?? 'POST' } : {}),
      });
      const text = await response.text();
      if (text === '') return null as T;
      try {
        return JSON.parse(text) as T;
      } catch (cause) {
        const requestId = response.headers.get(HEADER.requestId);
        throw new ExtError('bad_gateway', `api ${path}: the response is not JSON`, {
          status: response.status,
          cause,
          ...(requestId ? { requestId } : {}),
        });
      }
    },
  };
}

function wrap(error: unknown, reason: ExtError | undefined, requestId: string | undefined): ExtError {
  if (reason) return reason;
  if (error instanceof ExtError) return error;
  return new ExtError(
    'bad_gateway',
    `the gateway could not be reached: ${String((error as Error)?.message ?? error)}`,
    {
      cause: error,
      ...(requestId ? { requestId } : {}),
    },
  );
}
