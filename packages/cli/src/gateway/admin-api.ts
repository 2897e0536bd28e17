import { AdminApiError, AdminClient } from '@extsys/gateway-stub/admin-client';
import { CliError } from '../cli-error.js';
import type { GatewayTarget } from './target.js';

/**
 * Runs `work` with the gateway's admin API client, turning its refusals into CliErrors that say
 * what to do with this credential or this gateway.
 */
export async function withAdminApi<T>(target: GatewayTarget, work: (admin: AdminClient) => Promise<T>): Promise<T> {
  try {
    return await work(new AdminClient(target.url, target.credential.token));
  } catch (error) {
    if (!(error instanceof AdminApiError)) throw error;
    const { source } = target.credential;
    const hint =
      error.status === 0
        ? ': is it running? (`extsys dev` starts one; --gateway or EXTSYS_GATEWAY names another)'
        : error.status === 401
          ? ` — the credential from ${source} was refused; check EXTSYS_TOKEN / --credential-file`
          : error.status === 403
            ? ` — the credential from ${source} may not do this`
            : '';
    throw new CliError(error.code, `${error.message}${hint}`);
  }
}
