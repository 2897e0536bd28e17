// A real runner and a real gateway in the test's own process, on loopback ports, sharing a bundle
// store and a freshly generated signing key: what a test needs to publish, install and call.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { createRunner, loadConfig as loadRunnerConfig } from '@extsys/runner';
import { createGateway, loadConfig, type Gateway, type GatewayHooks } from '../../src/index.js';

const run = promisify(execFile);
const BUNDLE_CLI = resolve(import.meta.dirname, '../../../packages/bundle/dist/cli.js');

/** `extsys-bundle <args>` (the built CLI), answering its stdout. */
export const bundleCli = async (...args: string[]) => (await run(process.execPath, [BUNDLE_CLI, ...args])).stdout;

export interface InProcessSystem {
  /** The test's own temporary folder (keys, store, caches, the gateway's data). */
  work: string;
  /** The signing key the gateway and runner trust. */
  key: string;
  runner: Awaited<ReturnType<typeof createRunner>>;
  gateway: Gateway;
  /** The gateway's base URL. */
  url: string;
  close(): Promise<void>;
}

export async function startInProcessSystem(options: {
  name: string;
  serviceToken: string;
  adminToken: string;
  gatewayEnv?: Record<string, string>;
  gatewayHooks?: GatewayHooks;
}): Promise<InProcessSystem> {
  const work = await mkdtemp(join(tmpdir(), `extsys-${options.name}-`));
  await bundleCli('keygen', '--out', join(work, 'keys'), '--name', 'release');
  const trust = join(work, 'keys/release.trust.json');
  const store = join(work, 'store');
  await mkdir(store, { recursive: true });
  const runner = await createRunner(
    loadRunnerConfig({
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'silent',
      BUNDLE_STORE: store,
      BUNDLE_CACHE_DIR: join(work, 'cache'),
      SIGNING_TRUST_BUNDLE: trust,
      RUNNER_SERVICE_TOKEN: options.serviceToken,
      KV_DB_PATH: ':memory:',
      ENGINE_WORKERS: '1',
    }),
  );
  await runner.app.listen({ host: '127.0.0.1', port: 0 });
  const gateway = await createGateway(
    loadConfig({
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'silent',
      GATEWAY_DATA_DIR: join(work, 'gateway'),
      BUNDLE_STORE: store,
      SIGNING_TRUST_BUNDLE: trust,
      RUNNER_URL: `http://127.0.0.1:${(runner.app.server.address() as AddressInfo).port}`,
      RUNNER_SERVICE_TOKEN: options.serviceToken,
      ADMIN_TOKEN: options.adminToken,
      ...options.gatewayEnv,
    }),
    options.gatewayHooks,
  );
  await gateway.app.listen({ host: '127.0.0.1', port: 0 });
  return {
    work,
    key: join(work, 'keys/release.key.pem'),
    runner,
    gateway,
    url: `http://127.0.0.1:${(gateway.app.server.address() as AddressInfo).port}`,
    close: async () => {
      // As main.ts's graceful close does: fetch's aborted streams leave sockets behind that carry
      // no request, which a plain close would wait for.
      for (const app of [gateway.app, runner.app]) {
        const closing = app.close();
        app.server.closeAllConnections();
        await closing;
      }
    },
  };
}
