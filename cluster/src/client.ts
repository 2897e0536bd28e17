import { ErrorResponse } from '@extsys/protocol';

/** What one HTTP call answered, or how it failed; never throws, never waits past its deadline. */
export interface CallOutcome {
  /** 0 when no answer came (network error or deadline). */
  status: number;
  ok: boolean;
  /** The parsed JSON body (success or error envelope), when there was one. */
  body: unknown;
  /** The refusal's code, or `deadline` / `network` when no answer came. */
  code?: string;
  /** A non-2xx answer carried the system's envelope `{error: {code, message, requestId}}`. */
  structured: boolean;
  replayed: boolean;
  ms: number;
}

/** A call's deadline: nothing the cluster test sends may hang. */
export const DEFAULT_DEADLINE_MS = 8000;

/** One HTTP call with a deadline, answered as a CallOutcome. */
export async function call(
  url: string,
  init: RequestInit & { deadlineMs?: number } = {},
): Promise<CallOutcome & { headers?: Headers }> {
  const started = performance.now();
  const { deadlineMs = DEFAULT_DEADLINE_MS, ...rest } = init;
  try {
    const response = await fetch(url, { ...rest, signal: AbortSignal.timeout(deadlineMs) });
    const text = await response.text();
    let body: unknown;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      body = text;
    }
    const envelope = ErrorResponse.safeParse(body);
    const structured = envelope.success && typeof envelope.data.error.requestId === 'string';
    return {
      status: response.status,
      ok: response.ok,
      body,
      ...(response.ok ? {} : { code: envelope.success ? envelope.data.error.code : `http_${response.status}` }),
      structured,
      replayed: response.headers.get('idempotent-replayed') === 'true',
      ms: performance.now() - started,
      headers: response.headers,
    };
  } catch (error) {
    const name = (error as Error).name;
    return {
      status: 0,
      ok: false,
      body: undefined,
      code: name === 'TimeoutError' || name === 'AbortError' ? 'deadline' : 'network',
      structured: false,
      replayed: false,
      ms: performance.now() - started,
    };
  }
}

/** Logs a demo user in at `gatewayUrl`; resolves to the session cookie (`name=value`). */
export async function login(gatewayUrl: string, userId: string, password = 'demo'): Promise<string> {
  const outcome = await call(`${gatewayUrl}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId, password }),
  });
  const cookie = outcome.headers?.getSetCookie()[0]?.split(';', 1)[0];
  if (!outcome.ok || !cookie) {
    throw new Error(`login of ${userId} at ${gatewayUrl} failed: ${outcome.status} ${JSON.stringify(outcome.body)}`);
  }
  return cookie;
}

/** A logged-in user's extension token for one extension, minted by the gateway at `gatewayUrl`. */
export async function extToken(gatewayUrl: string, cookie: string, extensionId: string): Promise<string> {
  const outcome = await call(`${gatewayUrl}/api/ext-token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify({ extensionId }),
  });
  const token = (outcome.body as { token?: unknown } | undefined)?.token;
  if (!outcome.ok || typeof token !== 'string') {
    throw new Error(
      `token for ${extensionId} at ${gatewayUrl} failed: ${outcome.status} ${JSON.stringify(outcome.body)}`,
    );
  }
  return token;
}

/** Calls of one extension's API through a gateway (`/api/ext/{extensionId}/...`) with a token. */
export class ExtClient {
  constructor(
    readonly gatewayUrl: string,
    readonly extensionId: string,
    public token: string,
  ) {}

  /** `GET /counter` of the hello example. */
  read(deadlineMs?: number): Promise<CallOutcome> {
    return call(`${this.gatewayUrl}/api/ext/${this.extensionId}/counter`, {
      headers: { authorization: `Bearer ${this.token}` },
      deadlineMs,
    });
  }

  /** `POST /counter/increment` of the hello example, with an idempotency key when given. */
  increment(key?: string, deadlineMs?: number): Promise<CallOutcome> {
    return call(`${this.gatewayUrl}/api/ext/${this.extensionId}/counter/increment`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.token}`, ...(key === undefined ? {} : { 'idempotency-key': key }) },
      deadlineMs,
    });
  }

  /** The counter's value; throws when it cannot be read. */
  async count(): Promise<number> {
    const outcome = await this.read();
    const count = (outcome.body as { count?: unknown } | undefined)?.count;
    if (!outcome.ok || typeof count !== 'number') {
      throw new Error(`GET /counter failed: ${outcome.status} ${JSON.stringify(outcome.body)}`);
    }
    return count;
  }
}
