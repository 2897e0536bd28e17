import { LOG_ROUTES, LOG_STREAM_EVENT, type LogStreamNotice } from '@extsys/protocol';
import { SseStreams } from '@extsys/service';
import type { FastifyPluginAsync } from 'fastify';
import { bearerCredentialCheck } from '../bearer-credential.js';
import type { EventRing, RingEntry } from '../events/event-ring.js';
import { RunnerError } from '../errors.js';

export interface EventRouteOptions {
  events: EventRing;
  /** The gateway's credential, the same as `/v1/execute`'s; without it the stream is off. */
  serviceToken: string | undefined;
  /** Streams open at once (the gateway holds one per process). */
  maxStreams: number;
  heartbeatMs?: number;
}

/** Bytes a reader may leave unread before events are dropped (and counted) for it. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;
const HEARTBEAT_MS = 15_000;

/**
 * `GET /v1/events`: every invocation event, as Server-Sent Events, for the gateway. With
 * `Last-Event-ID` it resumes after that event (from the ring's backlog; a `skipped` notice with
 * reason `gap` says how many were no longer kept), then goes on live. The events carry handler
 * logs and error texts: only the gateway's service credential opens it.
 */
export const eventRoutes: FastifyPluginAsync<EventRouteOptions> = async (app, options) => {
  const presentsCredential = bearerCredentialCheck(options.serviceToken);
  const streams = new SseStreams(app);
  app.get(LOG_ROUTES.runnerEvents, async (request, reply) => {
    if (options.serviceToken === undefined) {
      throw new RunnerError('service_auth_invalid', 'events are off on this runner: RUNNER_SERVICE_TOKEN is not set');
    }
    if (!presentsCredential(request.headers.authorization)) {
      throw new RunnerError(
        'service_auth_invalid',
        `GET ${LOG_ROUTES.runnerEvents} needs the gateway service credential (Authorization: Bearer ...)`,
      );
    }
    if (streams.size >= options.maxStreams) {
      throw new RunnerError(
        'rate_limited',
        `${streams.size} event streams are open, the most this runner serves (RUNNER_EVENTS_MAX_STREAMS); close one`,
      );
    }
    const lastEventId = request.headers['last-event-id'];
    const stream = streams.open(reply, {
      heartbeatMs: options.heartbeatMs ?? HEARTBEAT_MS,
      maxBufferedBytes: MAX_BUFFERED_BYTES,
      headers: { 'x-request-id': request.id },
    });
    let dropped = 0;
    const notice = (notice: LogStreamNotice) =>
      stream.send({ event: LOG_STREAM_EVENT.skipped, data: JSON.stringify(notice) });
    const deliver = (entry: RingEntry) => {
      // Dropped events are told before the next one that is delivered, in order.
      if (dropped > 0 && stream.writable && notice({ skipped: dropped, reason: 'slow_reader' })) dropped = 0;
      if (!stream.send({ event: LOG_STREAM_EVENT.invocation, id: entry.id, data: entry.json })) dropped++;
    };
    // Replayed and subscribed in one synchronous step: no event can fall between the two.
    const replay = options.events.after(typeof lastEventId === 'string' ? lastEventId : undefined);
    if (replay.lost > 0) notice({ skipped: replay.lost, reason: 'gap' });
    for (const entry of replay.entries) deliver(entry);
    const unsubscribe = options.events.subscribe(deliver);
    stream.onClose(unsubscribe);
    request.log.info({ lastEventId, replayed: replay.entries.length, lost: replay.lost }, 'event stream opened');
  });
};
