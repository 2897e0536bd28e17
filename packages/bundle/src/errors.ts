import { ProtocolError, type ErrorCode, type ErrorEnvelope } from '@extsys/protocol';

/**
 * Every refusal of this package: a stable protocol `code` for code to match on, and a one-line
 * `message` for a person that says what is wrong, where (file, field or entry) and what to do.
 * `toEnvelope()` (from ProtocolError) carries the issues as `details.issues`.
 */
export class BundleError extends ProtocolError {
  override readonly name = 'BundleError';
  /** Every problem found, one line each, when there was more than one (e.g. manifest issues). */
  readonly issues: readonly string[];

  constructor(code: ErrorCode, message: string, options: { cause?: unknown; issues?: readonly string[] } = {}) {
    const issues = options.issues ?? [];
    super(code, message, issues.length > 0 ? { issues: issues.slice(0, 20) } : undefined);
    if (options.cause !== undefined) this.cause = options.cause;
    this.issues = issues;
  }

  /** A protocol envelope (e.g. from `parseOrError`) as a BundleError, its message prefixed by `where`. */
  static fromEnvelope(envelope: ErrorEnvelope, where: string): BundleError {
    const issues = envelope.details?.['issues'];
    return new BundleError(envelope.code, `${where}: ${envelope.message}`, {
      issues: Array.isArray(issues) ? issues.map(String) : [],
    });
  }
}

export function isBundleError(error: unknown): error is BundleError {
  return error instanceof BundleError;
}
