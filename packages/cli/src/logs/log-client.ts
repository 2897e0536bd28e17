import {
  ErrorResponse,
  InvocationEvent,
  LOG_ROUTES,
  LOG_STREAM_EVENT,
  LogEventList,
  LogStreamNotice,
  SseDecoder,
} from '@extsys/protocol';
import { CliError } from '../cli-error.js';
import { filterQuery, type LogFilter } from './log-filter.js';

export interface LogClientOptions {
  /** The gateway's base URL (`http://localhost:8081`). */
  gatewayUrl: string;
  /** The platform admin token or a publisher credential (sent as `Authorization: Bearer`). */
  credential: string;
  filter?: LogFilter;
}

export interface FollowLogsOptions extends LogClientOptions {
  /** Stops following (the promise then resolves). */
  signal?: AbortSignal;
  onEvent: (event: InvocationEvent) => void;
  /** Events the gateway left out for this reader (rate, slow reader, a gap after a reconnect). */
  onNotice?: (notice: LogStreamNotice) => void;
  /** Connection changes, for a status line: `connected`, `reconnecting` (with why). */
  onStatus?: (status: { state: 'connected' | 'reconnecting'; detail?: string }) => void;
  /** First wait before reconnecting (doubles up to 5 s). */
  retryMs?: number;
}

const MAX_RETRY_MS = 5000;

/** A refusal of the gateway as a CliError that says what to do. */
async function refusal(response: Response, gatewayUrl: string): Promise<CliError> {
  const body = ErrorResponse.safeParse(await response.json().catch(() => undefined));
  const message = body.success ? body.data.error.message : `HTTP ${response.status}`;
  if (response.status === 401) {
    return new CliError(
      'unauthenticated',
      `${gatewayUrl} refused the credential: ${message}. Use the gateway's admin token or a publisher credential (EXTSYS_TOKEN, EXTSYS_TOKEN_FILE or --credential-file)`,
    );
  }
  if (response.status === 403) {
    return new CliError(
      body.success ? body.data.error.code : 'forbidden',
      `${gatewayUrl} refused: ${message}. Ask for the logs your credential covers (--extension, --tenant)`,
    );
  }
  return new CliError(body.success ? body.data.error.code : 'gateway_error', `${gatewayUrl} answered: ${message}`);
}

function unreachable(gatewayUrl: string, error: unknown): CliError {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return new CliError(
    'gateway_unreachable',
    `cannot reach the gateway at ${gatewayUrl} (${cause?.code ?? cause?.message ?? (error as Error).message}): is it running? ` +
      '`extsys dev` starts one on http://localhost:8081; otherwise pass --gateway <url> or set EXTSYS_GATEWAY',
  );
}

const base = (url: string) => url.replace(/\/+$/, '');

/** `GET /api/logs`: the backlog's matching events, oldest first (at most `limit`). */
export async function listLogs(options: LogClientOptions & { limit?: number }): Promise<LogEventList> {
  const gatewayUrl = base(options.gatewayUrl);
  const extra: Record<string, string> = options.limit === undefined ? {} : { limit: String(options.limit) };
  let response: Response;
  try {
    response = await fetch(`${gatewayUrl}${LOG_ROUTES.list}${filterQuery(options.filter ?? {}, extra)}`, {
      headers: { authorization: `Bearer ${options.credential}`, accept: 'application/json' },
    });
  } catch (error) {
    throw unreachable(gatewayUrl, error);
  }
  if (response.status !== 200) throw await refusal(response, gatewayUrl);
  const parsed = LogEventList.safeParse(await response.json());
  if (!parsed.success) throw new CliError('gateway_error', `${gatewayUrl} answered a log listing this CLI cannot read`);
  return parsed.data;
}

/**
 * Follows `GET /api/logs/stream` until `signal` aborts: each invocation event goes to `onEvent` as it
 * happens. A dropped connection is reopened (with backoff) from the last event received
 * (`Last-Event-ID`), so nothing the gateway still holds is missed or repeated. Rejects with a
 * CliError when the gateway refuses the credential (401/403: retrying would not help) or cannot be
 * reached at the first attempt.
 */
export async function followLogs(options: FollowLogsOptions): Promise<void> {
  const gatewayUrl = base(options.gatewayUrl);
  const url = `${gatewayUrl}${LOG_ROUTES.stream}${filterQuery(options.filter ?? {})}`;
  const { signal } = options;
  let lastEventId: string | undefined;
  let connectedOnce = false;
  let wait = options.retryMs ?? 250;
  while (!signal?.aborted) {
    let detail: string;
    try {
      const headers: Record<string, string> = {
        authorization: `Bearer ${options.credential}`,
        accept: 'text/event-stream',
      };
      if (lastEventId !== undefined) headers['last-event-id'] = lastEventId;
      const response = await fetch(url, { headers, ...(signal ? { signal } : {}) });
      if (response.status === 401 || response.status === 403 || response.status === 400) {
        throw await refusal(response, gatewayUrl);
      }
      if (response.status !== 200 || !response.body) {
        await response.body?.cancel();
        throw Object.assign(new Error(`the gateway answered ${response.status}`), { retriable: true });
      }
      connectedOnce = true;
      wait = options.retryMs ?? 250;
      options.onStatus?.({ state: 'connected' });
      const decoder = new SseDecoder();
      const text = new TextDecoder();
      const reader = response.body.getReader();
      for (;;) {
        // Typed here: this package's lib has no DOM, so fetch's stream reads as untyped.
        const { done, value } = (await reader.read()) as { done: boolean; value?: Uint8Array };
        if (done) break;
        for (const message of decoder.push(text.decode(value, { stream: true }))) {
          if (message.event === LOG_STREAM_EVENT.invocation) {
            const event = InvocationEvent.safeParse(JSON.parse(message.data));
            if (!event.success) continue;
            lastEventId = event.data.id;
            options.onEvent(event.data);
          } else if (message.event === LOG_STREAM_EVENT.skipped) {
            const notice = LogStreamNotice.safeParse(JSON.parse(message.data));
            if (notice.success) options.onNotice?.(notice.data);
          }
        }
      }
      detail = 'the gateway closed the stream';
    } catch (error) {
      if (signal?.aborted) return;
      if (error instanceof CliError) throw error;
      if (!connectedOnce && !(error as { retriable?: boolean }).retriable) throw unreachable(gatewayUrl, error);
      detail = (error as Error).message;
    }
    if (signal?.aborted) return;
    options.onStatus?.({ state: 'reconnecting', detail });
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, wait);
      signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
    });
    wait = Math.min(MAX_RETRY_MS, wait * 2);
  }
}
