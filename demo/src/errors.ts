/** Why the stack could not start or stop; `code` is stable, `message` says what to do. */
export type StackErrorCode =
  /** A port the stack needs is already in use (another demo, or a previous run still alive). */
  | 'port_in_use'
  /** A service process exited on its own; the message carries its last log lines. */
  | 'service_exited'
  /** A service did not become ready in time; the message carries its last log lines. */
  | 'service_not_ready'
  /** A service process is there but neither answers nor exits (paused with SIGSTOP, or hung). */
  | 'service_unresponsive'
  /** A fault was asked of a service that is not running. */
  | 'service_not_running'
  /** A service has not been built (`npm run build` first). */
  | 'service_not_built'
  /** An extension folder is missing or has no manifest.json (build the examples first). */
  | 'extension_missing'
  /** Packing, signing, publishing or installing an extension failed. */
  | 'publish_failed'
  /** The data dir already holds this extension version with other bytes (versions are immutable). */
  | 'version_conflict'
  /** The stack was used after stop(). */
  | 'stack_stopped';

export class StackError extends Error {
  override name = 'StackError';
  constructor(
    readonly code: StackErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function isStackError(error: unknown): error is StackError {
  return error instanceof StackError;
}
