import { errorCodeInfo, type ErrorCode, type ErrorEnvelope } from '@extsys/protocol/bridge';

type Details = NonNullable<ErrorEnvelope['details']>;

/**
 * Every failure the SDK reports: a stable protocol `code` for code to match on, a `message` for a
 * person, the HTTP `status` it travels with, the gateway's `requestId` when there is one, whether
 * the same call may simply be retried, and structured `details`.
 */
export class ExtError extends Error {
  override readonly name = 'ExtError';
  readonly code: ErrorCode;
  readonly status: number;
  readonly retriable: boolean;
  readonly requestId: string | undefined;
  readonly details: Details | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    extra: { status?: number; retriable?: boolean; requestId?: string; details?: Details; cause?: unknown } = {},
  ) {
    super(message, extra.cause === undefined ? undefined : { cause: extra.cause });
    const info = errorCodeInfo(code);
    this.code = code;
    this.status = extra.status ?? info.status;
    this.retriable = extra.retriable ?? info.retriable;
    this.requestId = extra.requestId;
    this.details = extra.details;
  }

  /** The error as the protocol's envelope (what a bridge method answers). */
  toEnvelope(): ErrorEnvelope {
    const envelope: ErrorEnvelope = {
      code: this.code,
      message: this.message,
      retriable: this.retriable,
      status: this.status,
    };
    if (this.requestId !== undefined) envelope.requestId = this.requestId;
    if (this.details !== undefined) envelope.details = this.details;
    return envelope;
  }
}

/** An `ExtError` from a protocol envelope (a bridge answer or a gateway `{error}` body). */
export function fromEnvelope(envelope: ErrorEnvelope, status?: number): ExtError {
  return new ExtError(envelope.code, envelope.message, {
    status: status ?? envelope.status,
    retriable: envelope.retriable,
    ...(envelope.requestId !== undefined ? { requestId: envelope.requestId } : {}),
    ...(envelope.details !== undefined ? { details: envelope.details } : {}),
  });
}

export function isExtError(value: unknown): value is ExtError {
  return value instanceof ExtError;
}
