/**
 * How long a client may take to send its request, and how long an idle connection is kept. Without
 * these a client trickling its headers or body one byte every 2 s held a connection (and its
 * buffers) as long as it liked: Fastify turns Node's whole-request timeout off, and Node looks for
 * late requests only every 30 s.
 */
export interface HttpTimeouts {
  /** The request line and headers must arrive within this long of the request's first byte. */
  headersTimeoutMs: number;
  /** The whole request, headers and body, must arrive within this long of its first byte. */
  requestTimeoutMs: number;
  /** A keep-alive connection with no request in progress is closed after this long. */
  keepAliveTimeoutMs: number;
  /**
   * How often the server looks for requests past those two deadlines: a late request is cut at the
   * first check after its deadline, so this is how late a cut can be.
   */
  connectionsCheckIntervalMs: number;
}

/**
 * The defaults: 10 s for headers (a real client sends them in one packet), 60 s for a whole request
 * (a 64 MiB bundle upload needs ~1 MiB/s), 72 s of keep-alive (longer than the 60 s idle timeout
 * of common load balancers, which must be the side that closes), a check every second.
 */
export const DEFAULT_HTTP_TIMEOUTS: Readonly<HttpTimeouts> = Object.freeze({
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 60_000,
  keepAliveTimeoutMs: 72_000,
  connectionsCheckIntervalMs: 1_000,
});

/** The environment variable of each setting: every extsys service reads the same names. */
export const HTTP_TIMEOUT_VARIABLES: Readonly<Record<keyof HttpTimeouts, string>> = Object.freeze({
  headersTimeoutMs: 'HTTP_HEADERS_TIMEOUT_MS',
  requestTimeoutMs: 'HTTP_REQUEST_TIMEOUT_MS',
  keepAliveTimeoutMs: 'HTTP_KEEP_ALIVE_TIMEOUT_MS',
  connectionsCheckIntervalMs: 'HTTP_CONNECTIONS_CHECK_INTERVAL_MS',
});

/**
 * What each setting does, in the words of its environment variable: the documentation's settings
 * pages are generated from it.
 */
export const HTTP_TIMEOUT_DESCRIPTIONS: Readonly<Record<keyof HttpTimeouts, string>> = Object.freeze({
  headersTimeoutMs:
    "Milliseconds a client has to send a request's line and headers, from its first byte; a late request is answered `408 request_timeout` and its connection closed. A whole number, at least 1 and at most the request timeout; unset, 10000 (10 s).",
  requestTimeoutMs:
    'Milliseconds a client has to send a whole request, headers and body, from its first byte; a late request is answered `408 request_timeout` and its connection closed. A whole number, at least 1 and at least the headers timeout; unset, 60000 (60 s), enough for a 64 MiB bundle upload at about 1 MiB/s.',
  keepAliveTimeoutMs:
    'Milliseconds an idle keep-alive connection is kept open before the service closes it. A whole number, at least 1; keep it above the idle timeout of any load balancer in front, which must be the side that closes. Unset, 72000 (72 s).',
  connectionsCheckIntervalMs:
    'Milliseconds between checks for requests past their deadlines: a slow client is cut at most this long after its deadline. A whole number, at least 1 and at most the headers timeout; unset, 1000 (1 s).',
});

export type HttpTimeoutsResult = { ok: true; timeouts: HttpTimeouts } | { ok: false; problem: string };

/**
 * Reads the timeouts from the environment (`HTTP_TIMEOUT_VARIABLES`), defaults for those unset.
 * Each is a whole number of milliseconds, at least 1: 0 would turn the limit off in Node.
 */
export function httpTimeoutsFromEnv(env: Record<string, string | undefined>): HttpTimeoutsResult {
  const timeouts: HttpTimeouts = { ...DEFAULT_HTTP_TIMEOUTS };
  for (const key of Object.keys(HTTP_TIMEOUT_VARIABLES) as (keyof HttpTimeouts)[]) {
    const name = HTTP_TIMEOUT_VARIABLES[key];
    const value = env[name];
    if (value === undefined) continue;
    if (!/^\d+$/.test(value) || Number(value) < 1 || !Number.isSafeInteger(Number(value))) {
      return { ok: false, problem: `${name} must be a whole number of milliseconds, at least 1 (got "${value}")` };
    }
    timeouts[key] = Number(value);
  }
  const problem = httpTimeoutsProblem(timeouts);
  return problem === undefined ? { ok: true, timeouts } : { ok: false, problem };
}

/** Why a set of timeouts cannot work, in terms of the variables a person sets; undefined when it can. */
export function httpTimeoutsProblem(timeouts: HttpTimeouts): string | undefined {
  const v = HTTP_TIMEOUT_VARIABLES;
  if (timeouts.headersTimeoutMs > timeouts.requestTimeoutMs) {
    return `${v.headersTimeoutMs} (${timeouts.headersTimeoutMs}) must not exceed ${v.requestTimeoutMs} (${timeouts.requestTimeoutMs}): the headers are part of the request`;
  }
  if (timeouts.connectionsCheckIntervalMs > timeouts.headersTimeoutMs) {
    return `${v.connectionsCheckIntervalMs} (${timeouts.connectionsCheckIntervalMs}) must not exceed ${v.headersTimeoutMs} (${timeouts.headersTimeoutMs}), or late requests are cut long after their deadline`;
  }
  return undefined;
}

/** The Fastify (and `node:http`) server options that enforce the timeouts. */
export function httpTimeoutOptions(timeouts: HttpTimeouts) {
  return {
    requestTimeout: timeouts.requestTimeoutMs,
    keepAliveTimeout: timeouts.keepAliveTimeoutMs,
    http: {
      headersTimeout: timeouts.headersTimeoutMs,
      requestTimeout: timeouts.requestTimeoutMs,
      connectionsCheckingInterval: timeouts.connectionsCheckIntervalMs,
    },
  };
}
