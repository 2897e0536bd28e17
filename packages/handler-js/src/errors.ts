import { errorCodeInfo, type ErrorCode, type ErrorDetails, type ErrorEnvelope } from '@extsys/protocol/errors';
import type { HostFunction } from './runner-global.js';

export interface HandlerErrorOptions {
  /** Whether the same call may simply be retried (default: the code's registered flag). */
  retriable?: boolean;
  /** Structured, non-secret details for the caller (`details.issues` for validation). */
  details?: ErrorDetails;
  cause?: unknown;
}

/**
 * An answer that is a refusal: throw it from an implementation and the caller receives the system's
 * error envelope `{error: {code, message, retriable, status, requestId}}` with this status — the
 * UI's `ExtError` carries the same `code`. `message` goes to the browser: say what to do, and never
 * put a secret or an upstream body in it.
 *
 *   throw new HandlerError(404, 'not_found', `no note ${params.id}`);
 */
export class HandlerError extends Error {
  override readonly name: string = 'HandlerError';
  /** 400–599; anything else is replaced by the code's registered status. */
  readonly status: number;
  readonly code: ErrorCode;
  readonly retriable: boolean;
  readonly details: ErrorDetails | undefined;

  constructor(status: number, code: ErrorCode, message: string, options: HandlerErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    const info = errorCodeInfo(code);
    this.status = Number.isInteger(status) && status >= 400 && status <= 599 ? status : info.status;
    this.code = code;
    this.retriable = options.retriable ?? info.retriable;
    this.details = options.details;
  }

  /** The envelope the caller receives, carrying this call's request id. */
  toEnvelope(requestId: string): ErrorEnvelope {
    const envelope: ErrorEnvelope = {
      code: this.code,
      message: this.message,
      retriable: this.retriable,
      status: this.status,
      requestId,
    };
    if (this.details !== undefined) envelope.details = this.details;
    return envelope;
  }
}

const DENIALS: readonly string[] = ['capability_denied', 'egress_denied'];

/**
 * A host call the runner refused or could not complete (`capability_denied`, `egress_denied`,
 * `quota_exceeded`, an upstream `timeout`...). Left uncaught it becomes the answer, with the
 * runner's code and retriable flag; catch it to degrade gracefully (`if (error.denied) ...`).
 * A KV conflict is not thrown: it is a result of `kv.put` / `kv.delete` with `ifRevision`.
 */
export class HostCallError extends HandlerError {
  override readonly name = 'HostCallError';
  readonly fn: HostFunction;

  constructor(fn: HostFunction, envelope: ErrorEnvelope) {
    const denied = DENIALS.includes(envelope.code);
    // A refusal the runner reports with a status below 400 (or none) still has to be an error answer.
    const status = (envelope.status ?? 0) >= 400 ? envelope.status! : denied ? 403 : 502;
    super(status, envelope.code, envelope.message, {
      retriable: envelope.retriable,
      ...(envelope.details === undefined ? {} : { details: envelope.details }),
    });
    this.fn = fn;
  }

  /** The install lacks the capability (`capability_denied`) or the URL is not allowed (`egress_denied`). */
  get denied(): boolean {
    return DENIALS.includes(this.code);
  }
}

/**
 * A thrown value as one text for a log line: `Name: message` then the stack. V8 starts `stack` with
 * that header, QuickJS gives only the frames, so the header is added when the stack lacks it.
 */
export function thrownText(thrown: unknown): string {
  if (!(thrown instanceof Error)) {
    try {
      return `a thrown ${typeof thrown}: ${JSON.stringify(thrown) ?? String(thrown)}`;
    } catch {
      return `a thrown ${typeof thrown}`;
    }
  }
  const header = `${thrown.name}: ${thrown.message}`;
  const stack = thrown.stack ?? '';
  return stack.startsWith(header) ? stack : `${header}\n${stack}`.trimEnd();
}
