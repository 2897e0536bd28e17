import { errorEnvelope, type ErrorCode, type ErrorEnvelope } from '@extsys/protocol';

/**
 * Every refusal of this package: a stable protocol `code` for code to match on, and a one-line
 * `message` for a person that says what is wrong, where (file, field or entry) and what to do.
 */
export class BundleError extends Error {
  override readonly name = 'BundleError';
  readonly code: ErrorCode;
  /** Every problem found, one line each, when there was more than one (e.g. manifest issues). */
  readonly issues: readonly string[];

  constructor(code: ErrorCode, message: string, options: { cause?: unknown; issues?: readonly string[] } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.issues = options.issues ?? [];
  }

  /** A protocol envelope (e.g. from `parseOrError`) as a BundleError, its message prefixed by `where`. */
  static fromEnvelope(envelope: ErrorEnvelope, where: string): BundleError {
    const issues = envelope.details?.['issues'];
    return new BundleError(envelope.code, `${where}: ${envelope.message}`, {
      issues: Array.isArray(issues) ? issues.map(String) : [],
    });
  }

  /** The system's `{code, message, ...}` shape, for a server that answers with this error. */
  toEnvelope(requestId?: string): ErrorEnvelope {
    return errorEnvelope(this.code, this.message, {
      ...(requestId === undefined ? {} : { requestId }),
      ...(this.issues.length > 0 ? { details: { issues: this.issues.slice(0, 20) } } : {}),
    });
  }
}

export function isBundleError(error: unknown): error is BundleError {
  return error instanceof BundleError;
}
