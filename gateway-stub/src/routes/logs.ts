import { LOG_ROUTES, LOG_STREAM_EVENT, LogEventQuery, parseOrError, type LogStreamNotice } from '@extsys/protocol';
import { SseStreams, type SseStream } from '@extsys/service';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { authenticateAdmin } from '../admin-credential.js';
import { GatewayError } from '../errors.js';
import type { BacklogEntry, LogBacklog } from '../log-events/log-backlog.js';
import { logView, type LogView } from '../log-events/log-reader.js';
import type { Registry } from '../registry.js';

export interface LogStreamLimits {
  /** Streams one credential (the platform token, a publisher, a user's session) may hold at once. */
  perCredential: number;
  /** Streams the gateway serves at once, all credentials together. */
  maxStreams: number;
  /** Live events per second one stream carries; past it they are skipped and counted. */
  eventsPerSecond: number;
  /** Bytes a stream may have waiting for its reader; past it the stream pauses on the backlog. */
  maxBufferedBytes: number;
  heartbeatMs: number;
}

export interface LogRouteOptions {
  registry: Registry;
  adminToken: string | undefined;
  backlog: LogBacklog;
  limits: LogStreamLimits;
}

const DEFAULT_LIST_LIMIT = 100;
/** How often a stream says what it skipped when no event comes to carry the notice. */
const NOTICE_EVERY_MS = 1000;

function readQuery(request: FastifyRequest) {
  const parsed = parseOrError(LogEventQuery, request.query, { label: 'log query' });
  if (!parsed.ok) throw new GatewayError(parsed.error.code, parsed.error.message, parsed.error.details);
  return parsed.value;
}

/**
 * Handler logs, for the people allowed to read them (log-reader.ts): `GET /api/logs` answers the
 * backlog's matching events as JSON; `GET /api/logs/stream` sends them as Server-Sent Events — the
 * backlog (or what follows `Last-Event-ID`), then live, with heartbeats. Bounded: streams per
 * credential and in all, events per second per stream, bytes waiting per stream; what a stream
 * leaves out is counted and told (`skipped` events), never buffered without bound.
 */
export const logRoutes: FastifyPluginAsync<LogRouteOptions> = async (app, options) => {
  const { backlog, limits } = options;
  const streams = new SseStreams(app);
  const held = new Map<string, number>();

  app.get(LOG_ROUTES.list, async (request, reply) => {
    const credential = await authenticateAdmin(request, options);
    const query = readQuery(request);
    const view = logView(credential, query);
    const limit = query.limit ?? DEFAULT_LIST_LIMIT;
    const matching = backlog.all().filter((entry) => view.matches(entry.event));
    const kept = matching.slice(-limit);
    reply.header('content-type', 'application/json; charset=utf-8').header('cache-control', 'no-store');
    // The events are kept serialised: the answer is assembled, not re-encoded.
    return `{"events":[${kept.map((entry) => entry.json).join(',')}],"truncated":${matching.length > kept.length}}`;
  });

  app.get(LOG_ROUTES.stream, async (request, reply) => {
    const credential = await authenticateAdmin(request, options);
    const view = logView(credential, readQuery(request));
    const holding = held.get(view.holder) ?? 0;
    if (holding >= limits.perCredential) {
      throw new GatewayError(
        'rate_limited',
        `this credential already holds ${holding} log streams, the most it may (LOG_STREAMS_PER_CREDENTIAL); close one`,
      );
    }
    if (streams.size >= limits.maxStreams) {
      throw new GatewayError('overloaded', `the gateway serves ${streams.size} log streams, its most; retry later`);
    }
    const lastEventId = request.headers['last-event-id'];
    const stream = streams.open(reply, {
      heartbeatMs: limits.heartbeatMs,
      maxBufferedBytes: limits.maxBufferedBytes,
      headers: { 'x-request-id': request.id },
    });
    held.set(view.holder, holding + 1);
    request.log.info({ audit: 'logs.stream', holder: view.holder, lastEventId }, 'log stream opened');
    new LogStreamPump(stream, view, backlog, limits.eventsPerSecond).start(
      typeof lastEventId === 'string' ? lastEventId : undefined,
    );
    stream.onClose(() => {
      const left = (held.get(view.holder) ?? 1) - 1;
      if (left > 0) held.set(view.holder, left);
      else held.delete(view.holder);
    });
  });
};

/**
 * Moves one stream along the backlog: the backlog is the buffer. A stream that cannot write (its
 * reader is slow) pauses at its position and resumes on drain; if the backlog dropped events past
 * that position meanwhile, the reader is told how many (`slow_reader`). Live events past the rate
 * are skipped and told (`rate`).
 */
class LogStreamPump {
  /** The backlog position of the last entry this stream has looked at. */
  private cursor = 0;
  /** Entries after this position arrived live (the rate bound applies to them, not to the replay). */
  private liveAfter = 0;
  private waiting = false;
  private tokens: number;
  private lastRefill = Date.now();
  private readonly skipped = { rate: 0, slow_reader: 0 };

  constructor(
    private readonly stream: SseStream,
    private readonly view: LogView,
    private readonly backlog: LogBacklog,
    private readonly eventsPerSecond: number,
  ) {
    this.tokens = eventsPerSecond;
  }

  start(lastEventId: string | undefined): void {
    const replay = this.backlog.after(lastEventId);
    if (replay.gap) this.notice({ skipped: 0, reason: 'gap' });
    const newest = this.backlog.all().at(-1)?.position ?? 0;
    this.liveAfter = newest;
    this.cursor = (replay.entries[0]?.position ?? newest + 1) - 1;
    const unsubscribe = this.backlog.subscribe(() => this.pump());
    const notices = setInterval(() => this.flushNotices(), NOTICE_EVERY_MS);
    notices.unref();
    this.stream.onClose(() => {
      unsubscribe();
      clearInterval(notices);
    });
    this.pump();
  }

  private pump(): void {
    if (this.waiting || this.stream.closed) return;
    const { entries, gap } = this.backlog.afterPosition(this.cursor);
    if (gap) this.skipped.slow_reader += (entries[0]?.position ?? this.cursor + 1) - this.cursor - 1;
    for (const entry of entries) {
      if (!this.stream.writable) {
        this.waiting = true;
        this.stream.onDrain(() => {
          this.waiting = false;
          this.pump();
        });
        return;
      }
      this.cursor = entry.position;
      this.deliver(entry);
    }
  }

  private deliver(entry: BacklogEntry): void {
    if (!this.view.matches(entry.event)) return;
    if (entry.position > this.liveAfter && !this.takeToken()) {
      this.skipped.rate++;
      return;
    }
    this.flushNotices();
    this.stream.send({ event: LOG_STREAM_EVENT.invocation, id: entry.event.id, data: entry.json });
  }

  private takeToken(): boolean {
    const now = Date.now();
    this.tokens = Math.min(this.eventsPerSecond, this.tokens + ((now - this.lastRefill) / 1000) * this.eventsPerSecond);
    this.lastRefill = now;
    if (this.tokens < 1) return false;
    this.tokens--;
    return true;
  }

  private flushNotices(): void {
    for (const reason of ['slow_reader', 'rate'] as const) {
      if (this.skipped[reason] > 0 && this.notice({ skipped: this.skipped[reason], reason })) this.skipped[reason] = 0;
    }
  }

  private notice(notice: LogStreamNotice): boolean {
    return this.stream.send({ event: LOG_STREAM_EVENT.skipped, data: JSON.stringify(notice) });
  }
}
