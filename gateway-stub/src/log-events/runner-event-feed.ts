import {
  InvocationEvent,
  LOG_EVENT_LIMITS,
  LOG_ROUTES,
  LOG_STREAM_EVENT,
  LogStreamNotice,
  SERVICE_AUTH_SCHEME,
  SseDecoder,
} from '@extsys/protocol';
import type { FastifyBaseLogger } from 'fastify';
import type { LogBacklog } from './log-backlog.js';

/** How long after start a runner that does not answer is taken for one still starting. */
const STARTUP_GRACE_MS = 10_000;

export interface RunnerEventFeedOptions {
  runnerUrl: string;
  serviceToken: string;
  backlog: LogBacklog;
  log: FastifyBaseLogger;
  /** First wait before reconnecting; doubles up to `maxBackoffMs`, back to this after a good connection. */
  minBackoffMs?: number;
  maxBackoffMs?: number;
}

/** Counters of what the feed could not keep (GET /api/logs shows none of it; the gateway's log does). */
export interface FeedCounters {
  received: number;
  invalid: number;
  tooLarge: number;
  /** Events the runner said it skipped for this gateway (slow reader, or a gap after a reconnect). */
  skippedByRunner: number;
}

/**
 * The gateway's subscription to the runner's `GET /v1/events`: each invocation event goes into the
 * backlog. It reconnects for ever, with backoff, sending the last id it received as `Last-Event-ID`
 * so the runner replays what was missed (a restarted runner has a new boot id: it sends all it has).
 */
export class RunnerEventFeed {
  readonly counters: FeedCounters = { received: 0, invalid: 0, tooLarge: 0, skippedByRunner: 0 };
  private readonly abort = new AbortController();
  private lastEventId: string | undefined;
  private running: Promise<void> | undefined;
  /** Whether the last attempt failed (a failure is logged when it starts and when it ends, not per try). */
  private failing = false;
  private connectedOnce = false;
  private readonly startedAt = Date.now();

  constructor(private readonly options: RunnerEventFeedOptions) {}

  start(): void {
    this.running ??= this.loop();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.running;
  }

  private async loop(): Promise<void> {
    const min = this.options.minBackoffMs ?? 250;
    const max = this.options.maxBackoffMs ?? 5000;
    let backoff = min;
    while (!this.abort.signal.aborted) {
      const connectedAt = Date.now();
      try {
        await this.readOnce();
        if (this.failing) this.options.log.info('runner event stream: connected again');
        this.failing = false;
      } catch (error) {
        if (this.abort.signal.aborted) return;
        // A gateway and its runner usually start together: the runner not answering during the
        // first seconds is the normal start, not a fault worth a warning.
        const starting = !this.connectedOnce && Date.now() - this.startedAt < STARTUP_GRACE_MS;
        if (starting) {
          this.options.log.debug(
            { err: { message: (error as Error).message } },
            'runner event stream: waiting for the runner',
          );
          await sleep(min, this.abort.signal);
          continue;
        }
        if (!this.failing) {
          this.options.log.warn(
            { err: { message: (error as Error).message } },
            'runner event stream: cannot read it; handler logs are not received until it reconnects',
          );
        }
        this.failing = true;
      }
      // A stream that stayed up a while was healthy: start over from the shortest wait.
      if (Date.now() - connectedAt > 10_000) backoff = min;
      await sleep(backoff, this.abort.signal);
      backoff = Math.min(max, backoff * 2);
    }
  }

  /** One connection, read until it ends (resolves) or fails (rejects). */
  private async readOnce(): Promise<void> {
    const headers: Record<string, string> = {
      authorization: `${SERVICE_AUTH_SCHEME} ${this.options.serviceToken}`,
      accept: 'text/event-stream',
    };
    if (this.lastEventId !== undefined) headers['last-event-id'] = this.lastEventId;
    const response = await fetch(`${this.options.runnerUrl}${LOG_ROUTES.runnerEvents}`, {
      headers,
      signal: this.abort.signal,
    });
    if (response.status !== 200 || !response.body) {
      await response.body?.cancel();
      throw new Error(`the runner answered ${response.status} to GET ${LOG_ROUTES.runnerEvents}`);
    }
    if (this.failing) this.options.log.info('runner event stream: connected again');
    this.failing = false;
    this.connectedOnce = true;
    const decoder = new SseDecoder();
    const text = new TextDecoder();
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      for (const message of decoder.push(text.decode(value, { stream: true }))) {
        if (message.event === LOG_STREAM_EVENT.invocation) this.receive(message.data);
        else if (message.event === LOG_STREAM_EVENT.skipped) this.skipped(message.data);
      }
    }
  }

  private receive(data: string): void {
    this.counters.received++;
    if (Buffer.byteLength(data) > LOG_EVENT_LIMITS.maxEventBytes) {
      this.counters.tooLarge++;
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(data);
    } catch {
      parsed = undefined;
    }
    const event = InvocationEvent.safeParse(parsed);
    if (!event.success) {
      this.counters.invalid++;
      this.options.log.warn('runner event stream: an event does not match the contract; dropped');
      return;
    }
    this.lastEventId = event.data.id;
    this.options.backlog.add(event.data, data);
  }

  private skipped(data: string): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(data);
    } catch {
      return;
    }
    const notice = LogStreamNotice.safeParse(parsed);
    if (!notice.success) return;
    this.counters.skippedByRunner += notice.data.skipped;
    this.options.log.warn(notice.data, 'runner event stream: the runner skipped events for this gateway');
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}
