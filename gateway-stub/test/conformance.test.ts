// The conformance suite (@extsys/host-server/conformance) against the gateway-stub: the same cases
// the kit's fetch handler, Express adapter and Fastify plugin pass, over the real runner, with the
// conformance extension published and installed through the gateway's admin API. Twice: on SQLite
// (two gateways over one data folder) and on PostgreSQL (two replicas with their own data folders,
// sharing DATABASE_URL and TOKEN_SIGNING_KEY).
import { mkdir, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { BUNDLE_CONTENT_TYPE, HEADER } from '@extsys/protocol';
import {
  conformanceCases,
  httpSender,
  type ConformanceInstall,
  type ConformanceTarget,
} from '@extsys/host-server/conformance';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  LIMITS,
  SERVICE_TOKEN,
  startConformanceSystem,
  type ConformanceBundle,
  type ConformanceSystem,
} from '../../packages/host-server/test/support/conformance-system.js';
import { createTestDatabase, testPostgres } from '@extsys/postgres/testing';
import { createGateway, loadConfig, type Gateway } from '../src/index.js';
import { SIGNING_KEY_FILE } from '../src/tokens.js';

const ADMIN_TOKEN = 'conformance-admin-token-0123456789abcdef';
const ISSUER = 'http://gateway.conformance.test';

/** Where a run keeps the gateways' state: the settings it adds, and whether they share a key by setting. */
interface StateUnderTest {
  sharedKey: boolean;
  env(system: ConformanceSystem): Promise<Record<string, string>>;
  close(): Promise<void>;
}

function conformanceOn(state: StateUnderTest): void {
  let system: ConformanceSystem;
  const gateways: Gateway[] = [];
  let target: ConformanceTarget;

  /** A gateway-stub over the shared data folder (registry and signing key), calling the runner at `runnerUrl`. */
  async function startGateway(dataDir: string, runnerUrl: string): Promise<string> {
    const env = await state.env(system);
    const gateway = await createGateway(
      loadConfig({
        HOST: '127.0.0.1',
        PORT: '0',
        LOG_LEVEL: 'silent',
        GATEWAY_DATA_DIR: dataDir,
        BUNDLE_STORE: system.store,
        SIGNING_TRUST_BUNDLE: system.trustBundlePath,
        RUNNER_URL: runnerUrl,
        RUNNER_SERVICE_TOKEN: SERVICE_TOKEN,
        GATEWAY_ISSUER: ISSUER,
        ADMIN_TOKEN,
        EXT_GATEWAY_MAX_BODY_BYTES: String(LIMITS.maxBodyBytes),
        EXT_RATE_LIMIT_BURST: String(LIMITS.rateLimitBurst),
        EXT_RATE_LIMIT_PER_SECOND: String(LIMITS.rateLimitPerSecond),
        ...env,
      }),
    );
    gateways.push(gateway);
    await gateway.app.listen({ host: '127.0.0.1', port: 0 });
    return `http://127.0.0.1:${(gateway.app.server.address() as AddressInfo).port}`;
  }

  beforeAll(async () => {
    system = await startConformanceSystem({ storeBundles: false });
    const dataDir = join(system.work, 'gateway');
    await mkdir(dataDir, { recursive: true });
    if (!state.sharedKey) {
      // The gateway-stub signs with the key in its data folder: the suite's, so that it can forge tokens.
      await writeFile(join(dataDir, SIGNING_KEY_FILE), JSON.stringify(system.signingKey), { mode: 0o600 });
    }
    const send = httpSender(await startGateway(dataDir, system.proxy.url));
    const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };

    for (const bundle of [system.bundles.primary, system.bundles.other]) {
      const published = await send({
        method: 'POST',
        path: '/api/admin/bundles',
        headers: {
          ...admin,
          'content-type': BUNDLE_CONTENT_TYPE,
          [HEADER.bundleSignature]: Buffer.from(bundle.signature).toString('base64url'),
        },
        body: bundle.bytes,
      });
      expect(published.status, new TextDecoder().decode(published.body)).toBe(201);
    }
    async function install(tenantId: string, userId: string, bundle: ConformanceBundle): Promise<ConformanceInstall> {
      const res = await send({
        method: 'POST',
        path: '/api/admin/installs',
        headers: { ...admin, 'content-type': 'application/json' },
        body: JSON.stringify({ tenantId, extensionId: bundle.extensionId, version: bundle.version }),
      });
      expect(res.status, new TextDecoder().decode(res.body)).toBe(201);
      const { install } = JSON.parse(new TextDecoder().decode(res.body)) as { install: { id: string } };
      return {
        tenantId,
        userId,
        extensionId: bundle.extensionId,
        installId: install.id,
        contentHash: bundle.contentHash,
      };
    }
    const otherExtension = await install('acme', 'alice', system.bundles.other);
    target = {
      send,
      // A second gateway over the same registry and key, whose runner is not there (on PostgreSQL
      // with its own data folder: a replica shares only the database and the key).
      sendRunnerDown: httpSender(
        await startGateway(state.sharedKey ? join(system.work, 'gateway-b') : dataDir, system.closedRunnerUrl),
      ),
      tokens: { issuer: ISSUER, signingKey: system.signingKey },
      installs: {
        primary: await install('acme', 'alice', system.bundles.primary),
        otherTenant: await install('globex', 'carol', system.bundles.primary),
        otherExtension,
        rateLimited: otherExtension,
      },
      limits: { maxBodyBytes: LIMITS.maxBodyBytes, rateLimitBurst: LIMITS.rateLimitBurst },
      runnerCalls: () => system.proxy.calls,
    };
  }, 60_000);

  afterAll(async () => {
    for (const gateway of gateways.splice(0)) await gateway.app.close();
    await system?.close();
    await state.close();
  });

  for (const conformanceCase of conformanceCases) {
    it(conformanceCase.name, () => conformanceCase.run(target));
  }
}

describe('conformance: the gateway-stub on SQLite', () => {
  conformanceOn({ sharedKey: false, env: async () => ({}), close: async () => undefined });
});

const server = testPostgres();
const skip = 'unavailable' in server ? server.unavailable : undefined;

describe.skipIf(skip !== undefined)(
  `conformance: the gateway-stub on PostgreSQL, two replicas${skip ? ` (skipped: ${skip})` : ''}`,
  () => {
    let database: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
    conformanceOn({
      sharedKey: true,
      async env(system) {
        database ??= await createTestDatabase((server as { url: string }).url);
        // The suite's key, so that it can forge tokens; shared by both replicas.
        return { DATABASE_URL: database.url, TOKEN_SIGNING_KEY: JSON.stringify(system.signingKey) };
      },
      close: async () => database?.drop(),
    });
  },
);
