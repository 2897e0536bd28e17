/** Who a call is for, once its token and install are known. */
export interface AuditSubject {
  tenantId: string;
  extensionId: string;
  installId: string;
  /** The manifest endpoint, e.g. `GET /items/:id` (once matched). */
  endpoint?: string;
  userId: string;
}

/**
 * The audit trail of extension calls, two events per call that reaches the runner:
 * `ext.call` once the call is authorized, before the install's secrets leave for the runner, and
 * `ext.result` once answered — the only event of a refused call. Never carries the token, the
 * body or a secret.
 */
export type AuditEvent =
  | ({ audit: 'ext.call'; requestId: string } & AuditSubject)
  | ({
      audit: 'ext.result';
      requestId: string;
      method: string;
      url: string;
      remoteAddress?: string;
      status: number;
      /** `ok`, or the refusal's error code. */
      outcome: string;
      durationMs: number;
      /** Time spent waiting for the runner, when it was called. */
      runnerMs?: number;
    } & Partial<AuditSubject>);

export type AuditSink = (event: AuditEvent) => void;
