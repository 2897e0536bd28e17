import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../src/config.js';
import { createRunner, type Runner, type RunnerHooks } from '../../src/server.js';
import { METRICS_TOKEN } from './execute.js';

export interface StartedRunner extends Runner {
  url: string;
  close(): Promise<void>;
}

/** A real runner on an ephemeral loopback port, configured through the same env variables as production. */
export async function startRunner(
  env: Record<string, string | undefined>,
  hooks: RunnerHooks = {},
): Promise<StartedRunner> {
  // `undefined` leaves a variable unset (e.g. the default metrics token).
  const defined = (vars: Record<string, string | undefined>) =>
    Object.fromEntries(Object.entries(vars).filter((entry): entry is [string, string] => entry[1] !== undefined));
  const config = loadConfig(
    defined({
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'silent',
      KV_DB_PATH: ':memory:',
      ENGINE_WORKERS: '1',
      RUNNER_METRICS_TOKEN: METRICS_TOKEN,
      ...env,
    }),
  );
  const runner = await createRunner(config, hooks);
  await runner.app.listen({ host: config.host, port: 0 });
  const { port } = runner.app.server.address() as AddressInfo;
  return { ...runner, url: `http://127.0.0.1:${port}`, close: () => runner.app.close() };
}
