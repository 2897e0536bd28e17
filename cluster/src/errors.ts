/** Why the cluster could not be started or driven; `code` is for code, the message for a person. */
export type ClusterErrorCode =
  | 'not_built'
  | 'nginx_unavailable'
  | 'postgres_unavailable'
  | 'service_exited'
  | 'service_not_ready'
  | 'already_running'
  | 'no_such_replica'
  | 'setup_failed';

export class ClusterError extends Error {
  override name = 'ClusterError';
  constructor(
    readonly code: ClusterErrorCode,
    message: string,
  ) {
    super(message);
  }
}
