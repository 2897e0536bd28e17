import { ConfigError as GatewayConfigError, loadConfig as loadGatewayConfig } from '@extsys/gateway-stub';
import { ConfigError as RunnerConfigError, loadConfig as loadRunnerConfig } from '@extsys/runner';

/**
 * Whether each service reads `DATABASE_URL`: asked of the service's own settings, not assumed. A
 * service that knows the setting refuses a URL that is not `postgres://` at start; one that does not
 * ignores it (unknown variables are ignored) and keeps its state in SQLite. The cluster sets the
 * setting either way and shares the SQLite files too, so it works with both.
 */
export interface DatabaseSupport {
  runner: boolean;
  gateway: boolean;
}

const NOT_POSTGRES = 'mysql://nobody@127.0.0.1/none';

export function databaseSupport(): DatabaseSupport {
  return {
    runner: refuses(
      () => loadRunnerConfig({ REQUIRE_SIGNATURES: 'false', DATABASE_URL: NOT_POSTGRES }),
      RunnerConfigError,
    ),
    gateway: refuses(
      () => loadGatewayConfig({ RUNNER_SERVICE_TOKEN: 'x'.repeat(32), DATABASE_URL: NOT_POSTGRES }),
      GatewayConfigError,
    ),
  };
}

function refuses(load: () => unknown, kind: new (...args: never[]) => Error): boolean {
  try {
    load();
    return false;
  } catch (error) {
    return error instanceof kind && error.message.includes('DATABASE_URL');
  }
}
