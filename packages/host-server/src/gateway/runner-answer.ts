import {
  EXECUTE_FRAME_CONTENT_TYPE,
  ErrorResponse,
  ExecuteResponse,
  HEADER,
  decodeFrame,
  isForwardedResponseHeader,
  parseOrError,
  type ErrorEnvelope,
} from '@extsys/protocol';
import { HostServerError } from '../errors.js';
import type { RunnerAnswer } from './runner-client.js';

/** What the runner's answer becomes: the handler's response, or the runner's refusal to pass on. */
export type MappedAnswer =
  | { kind: 'handler'; status: number; headers: Record<string, string>; body: Uint8Array }
  | { kind: 'refusal'; status: number; headers: Record<string, string>; error: ErrorEnvelope };

/**
 * The handler's status, its allow-listed headers and its bytes (a view on the runner's answer, no
 * copy); or the runner's error envelope with its status. Anything else is `bad_gateway`.
 */
export function mapRunnerAnswer(answer: RunnerAnswer): MappedAnswer {
  if (answer.contentType === EXECUTE_FRAME_CONTENT_TYPE && answer.status === 200) {
    const frame = decodeFrame(answer.body);
    const parsed = frame.ok ? parseOrError(ExecuteResponse, frame.header) : undefined;
    if (!frame.ok || !parsed?.ok) throw new HostServerError('bad_gateway', 'the runner answered a malformed frame');
    const headers: Record<string, string> = {};
    let cacheControl: string | undefined;
    for (const [name, value] of Object.entries(parsed.value.headers)) {
      if (!isForwardedResponseHeader(name)) continue;
      const lower = name.toLowerCase();
      if (lower === 'cache-control') cacheControl = value;
      else headers[lower] = value;
    }
    // A bearer-authenticated answer is per user: a shared cache must never store it.
    headers['cache-control'] = cacheControl ? cacheControl.replace(/\bpublic\b/gi, 'private') : 'no-store';
    headers.vary = 'Origin, Authorization';
    // The client learns its retry was answered from the first call's stored answer, not run again.
    if (answer.replayed) headers[HEADER.idempotentReplayed] = 'true';
    return { kind: 'handler', status: parsed.value.status, headers, body: frame.body };
  }
  const refusal = parseOrError(ErrorResponse, safeJson(answer.body));
  if (!refusal.ok) {
    throw new HostServerError('bad_gateway', `the runner answered ${answer.status} without an error envelope`);
  }
  const error = refusal.value.error;
  const headers: Record<string, string> = {};
  if (error.code === 'overloaded' || error.code === 'tenant_busy') {
    const retryAfter = error.details?.retryAfterSeconds;
    headers[HEADER.retryAfter] = String(Number.isInteger(retryAfter) && Number(retryAfter) > 0 ? retryAfter : 1);
  }
  return { kind: 'refusal', status: answer.status, headers, error };
}

function safeJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return undefined;
  }
}
