// Starts the whole system once for the run: the demo stack (runner + gateway-stub with the demo
// host page + the quote API; examples and the probe extension packed, signed, published and
// installed) on e2e ports with its own data folder and a short token lifetime, plus the small
// servers of servers.ts. The returned function is Playwright's global teardown.
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_EXTENSIONS, startStack, type Stack } from '@extsys/demo';
import { Manifest } from '@extsys/protocol/manifest';
import { E2E_ROOT, PORTS, TOKEN_TTL_SECONDS } from './env.js';
import { startServers } from './servers.js';
import type { StackInfo } from './stack-info.js';
import type { TestHostConfig } from './test-host-config.js';

/** The bundle folders the suite publishes: both examples and the probe. E2E_EXTENSIONS overrides. */
function extensionFolders(): string[] {
  const override = process.env['E2E_EXTENSIONS'];
  if (override) return override.split(',').filter(Boolean);
  return [...DEFAULT_EXTENSIONS, join(E2E_ROOT, 'dist/probe')];
}

/** Best effort: a failure to clean the temp folder must not hide the error that matters. */
async function removeDataDir(dataDir: string): Promise<void> {
  await rm(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 }).catch((error: unknown) => {
    console.warn(`e2e: could not remove ${dataDir}: ${String(error)}`);
  });
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  const started = Date.now();
  const dataDir = await mkdtemp(join(tmpdir(), 'extsys-e2e-'));
  const resultsDir = join(E2E_ROOT, 'test-results');
  await mkdir(resultsDir, { recursive: true });
  const logFile = join(resultsDir, 'stack.log');
  const log = createWriteStream(logFile);

  const testHostUrl = `http://localhost:${PORTS.testHost}`;
  const hostUrl = `http://localhost:${PORTS.host}`;
  const folders = extensionFolders();
  let stack: Stack;
  try {
    stack = await startStack({
      dataDir,
      hostPort: PORTS.host,
      runnerPort: PORTS.runner,
      quoteApiPort: PORTS.quoteApi,
      extensions: folders,
      tokenTtlSeconds: TOKEN_TTL_SECONDS,
      // The demo host and the test-only host page may frame extension pages; nothing else.
      runnerEnv: {
        EXT_UI_FRAME_ANCESTORS: `${hostUrl} ${testHostUrl}`,
        LOG_LEVEL: 'info',
      },
      onLog: (service, line) => log.write(`${service} ${line}\n`),
    });
  } catch (error) {
    log.end();
    await removeDataDir(dataDir);
    throw error;
  }

  let closeServers: (() => Promise<void>) | undefined;
  const teardown = async () => {
    await closeServers?.().catch(() => undefined);
    await stack.stop();
    log.end();
    await removeDataDir(dataDir);
  };

  try {
    const installs = (await (
      await fetch(`${stack.hostUrl}/api/admin/installs`, { headers: { authorization: `Bearer ${stack.adminToken}` } })
    ).json()) as { installs: { id: string; tenantId: string; extensionId: string }[] };
    const config: TestHostConfig = {
      gatewayUrl: stack.hostUrl,
      runnerUrl: stack.runnerUrl,
      tenant: { id: 'acme', displayName: 'Acme Corp' },
      extensions: [],
    };
    for (const folder of folders) {
      const manifest = Manifest.parse(JSON.parse(await readFile(join(folder, 'manifest.json'), 'utf8')));
      const version = stack.published.find((p) => p.extensionId === manifest.name);
      const install = installs.installs.find((i) => i.tenantId === 'acme' && i.extensionId === manifest.name);
      if (!version || !install || !manifest.ui) continue;
      config.extensions.push({
        extensionId: manifest.name,
        version: version.version,
        contentHash: version.contentHash,
        installId: install.id,
        title: manifest.displayName ?? manifest.name,
        ui: manifest.ui,
      });
    }
    const controlSecret = randomBytes(24).toString('hex');
    closeServers = (
      await startServers({
        testHostPort: PORTS.testHost,
        foreignPort: PORTS.foreign,
        controlPort: PORTS.control,
        controlSecret,
        testHostDir: join(E2E_ROOT, 'dist/test-host'),
        config,
        gatewayUrl: stack.hostUrl,
        stopRunner: () => stack.stopRunner(),
        startRunner: () => stack.startRunner(),
        log: (line) => log.write(`e2e ${line}\n`),
      })
    ).close;

    const info: StackInfo = {
      hostUrl: stack.hostUrl,
      runnerUrl: stack.runnerUrl,
      quoteApiUrl: stack.quoteApiUrl,
      testHostUrl,
      foreignUrl: `http://127.0.0.1:${PORTS.foreign}`,
      controlUrl: `http://127.0.0.1:${PORTS.control}`,
      controlSecret,
      adminToken: stack.adminToken,
      published: stack.published,
      tokenTtlSeconds: TOKEN_TTL_SECONDS,
      logFile,
    };
    process.env['E2E_STACK'] = JSON.stringify(info);
    console.log(
      `e2e: stack up in ${((Date.now() - started) / 1000).toFixed(1)} s — host ${stack.hostUrl}, runner ${stack.runnerUrl}, ` +
        `test host ${testHostUrl}; service logs in ${logFile}`,
    );
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}
