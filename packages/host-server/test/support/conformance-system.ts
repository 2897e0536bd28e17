// The system the conformance suite runs against in this repository's tests: the conformance
// extension as two real, signed bundles (two extension ids), the real runner with a trust bundle
// naming their key, a recording proxy in front of it, a runner URL on which nothing listens, and the
// hosts' token signing key. Shared by host-server's kit tests and the gateway-stub's.
import { createPublicKey } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  generateSigningKey,
  packBundle,
  serializeSignature,
  signBundle,
  trustBundleFile,
  writeToStoreFolder,
} from '@extsys/bundle';
import { createRunner, loadConfig } from '@extsys/runner';
import type { ManifestEndpoint } from '@extsys/protocol';
import type { JWK } from 'jose';
import { startRecordingProxy, writeConformanceExtension, type RecordingProxy } from '../../src/conformance/index.js';
import { generateExtensionTokenKey } from '../../src/index.js';

/** The conformance extension's ids: the one most cases call, and another extension. */
export const CONFORMANCE_EXTENSION_ID = 'com.extsys.conformance';
export const OTHER_EXTENSION_ID = 'com.extsys.conformance-other';

/** The runner's service credential in these tests. */
export const SERVICE_TOKEN = 'conformance-service-token-0123456789abcdef';

/** Small limits, so that the limit cases stay fast. */
export const LIMITS = { maxBodyBytes: 4096, rateLimitBurst: 20, rateLimitPerSecond: 1 };

export interface ConformanceBundle {
  extensionId: string;
  version: string;
  contentHash: string;
  endpoints: readonly ManifestEndpoint[];
  /** The archive and its detached signature file's text (what a host's publish API takes). */
  bytes: Uint8Array;
  signature: string;
}

export interface ConformanceSystem {
  work: string;
  /** The runner's bundle store folder (a host publishing bundles writes there). */
  store: string;
  /** The trust bundle the runner checks signatures against. */
  trustBundlePath: string;
  bundles: { primary: ConformanceBundle; other: ConformanceBundle };
  /** The recording proxy in front of the runner: the runner URL hosts are given. */
  proxy: RecordingProxy;
  /** A runner URL on which nothing listens. */
  closedRunnerUrl: string;
  /** The hosts' token signing key (a private Ed25519 JWK with its kid). */
  signingKey: JWK;
  close(): Promise<void>;
}

async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

/**
 * Starts the runner with both bundles signed and trusted. With `storeBundles` (the default) the
 * bundles are written to the store too; a host that publishes them itself (the gateway-stub) says
 * false.
 */
export async function startConformanceSystem(options: { storeBundles?: boolean } = {}): Promise<ConformanceSystem> {
  const work = await mkdtemp(join(tmpdir(), 'extsys-conformance-'));
  const store = join(work, 'store');
  await mkdir(join(store, 'sha256'), { recursive: true });
  const releaseKey = generateSigningKey();
  const trustBundlePath = join(work, 'trust.json');
  await writeFile(
    trustBundlePath,
    JSON.stringify(trustBundleFile([{ name: 'conformance', publicKey: createPublicKey(releaseKey.privateKeyPem) }])),
  );

  async function bundle(extensionId: string): Promise<ConformanceBundle> {
    const dir = join(work, 'src', extensionId);
    await writeConformanceExtension(dir, extensionId);
    const packed = await packBundle(dir);
    const signature = serializeSignature(
      signBundle(packed.contentHash, releaseKey.privateKeyPem, { signer: 'conformance' }),
    );
    if (options.storeBundles ?? true) await writeToStoreFolder(store, packed, signature);
    return {
      extensionId,
      version: packed.manifest.version,
      contentHash: packed.contentHash,
      endpoints: packed.manifest.api?.endpoints ?? [],
      bytes: packed.bytes,
      signature,
    };
  }
  const bundles = { primary: await bundle(CONFORMANCE_EXTENSION_ID), other: await bundle(OTHER_EXTENSION_ID) };

  const runner = await createRunner(
    loadConfig({
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'silent',
      BUNDLE_STORE: store,
      BUNDLE_CACHE_DIR: join(work, 'cache'),
      SIGNING_TRUST_BUNDLE: trustBundlePath,
      RUNNER_SERVICE_TOKEN: SERVICE_TOKEN,
      KV_DB_PATH: ':memory:',
      ENGINE_WORKERS: '1',
    }),
  );
  await runner.app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = runner.app.server.address() as { port: number };
  const proxy = await startRecordingProxy(`http://127.0.0.1:${port}`);

  return {
    work,
    store,
    trustBundlePath,
    bundles,
    proxy,
    closedRunnerUrl: await closedPortUrl(),
    signingKey: await generateExtensionTokenKey(),
    async close() {
      await proxy.close();
      await runner.app.close();
      await rm(work, { recursive: true, force: true });
    },
  };
}
