import type { Server } from 'node:http';

export interface GracefulCloseOptions {
  /** How long in-flight requests may take to finish before `onTimeout` runs. */
  graceMs: number;
  /** Called once when the grace period ends with requests still running (a service exits non-zero). */
  onTimeout: () => void;
}

/**
 * Closes an HTTP server the way a deploy expects: stop accepting, let the requests in flight
 * finish, then end every connection. `server.close()` alone waits for every open socket, and
 * `closeIdleConnections()` only closes sockets that already served a request — a browser's
 * preconnected socket that never sent one (Chromium opens them) kept a runner alive for its whole
 * grace period. So: once no request is in flight, every connection is closed.
 *
 * `close` is the framework's own close (Fastify's `app.close()`, which also runs its hooks).
 * Call `trackRequests(server)` when the server is created so in-flight requests are counted.
 */
export function gracefulClose(server: Server, close: () => Promise<unknown>, options: GracefulCloseOptions) {
  inFlight(server); // throws now, not later inside a timer, when requests are not counted
  draining.add(server);
  const timeout = setTimeout(options.onTimeout, options.graceMs);
  timeout.unref();
  const reap = setInterval(() => {
    if (inFlight(server) === 0) server.closeAllConnections();
    else server.closeIdleConnections();
  }, 25);
  reap.unref();
  return close().finally(() => {
    clearInterval(reap);
    clearTimeout(timeout);
  });
}

const counts = new WeakMap<Server, { value: number }>();
const draining = new WeakSet<Server>();

/** Whether `gracefulClose` began on this server: a request that arrives now is refused (useErrorEnvelopes). */
export const isDraining = (server: Server): boolean => draining.has(server);

function inFlight(server: Server): number {
  const count = counts.get(server);
  if (!count) throw new Error('gracefulClose: call trackRequests(server) when the server is created');
  return count.value;
}

/** Counts the server's requests from arrival until their response is finished or aborted. */
export function trackRequests(server: Server): void {
  if (counts.has(server)) return;
  const count = { value: 0 };
  counts.set(server, count);
  server.prependListener('request', (_request, response) => {
    count.value += 1;
    response.once('close', () => {
      count.value -= 1;
    });
  });
}
