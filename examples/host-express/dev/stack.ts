// The local system of this example, for `npm start` and the e2e test: development keys, hello
// packed, signed and published into a bundle store folder, the runner as a child process (allowed
// to be framed by this host and to be called from its pages' gateway), and the Express host
// in this process. Nothing here is extsys host code: a real product has its runner and its
// publishing pipeline elsewhere.
import { spawn, type ChildProcess } from 'node:child_process';
import { createPublicKey, randomBytes } from 'node:crypto';
import { access, mkdir, readFile, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import {
  generateSigningKey,
  packBundle,
  serializeSignature,
  signBundle,
  trustBundleFile,
  writeToStoreFolder,
} from '@extsys/bundle';
import { generateExtensionTokenKey, type ExtensionTokenKey } from '@extsys/host-server';
import { createHostApp } from '../server/app.js';

const require = createRequire(import.meta.url);
const packageDir = (name: string) => dirname(require.resolve(`${name}/package.json`));

export interface ExampleStackOptions {
  /** Keys, secrets, the bundle store, the runner's cache and KV; created if absent, reused. */
  dataDir: string;
  /** Default 3000: the host, http://localhost:<port>. */
  hostPort?: number;
  /** Default 3001: the runner, http://127.0.0.1:<port> (another site than the host). */
  runnerPort?: number;
  /** The runner's output lines (default: dropped). */
  onRunnerLog?: (line: string) => void;
}

export interface ExampleStack {
  hostUrl: string;
  runnerUrl: string;
  /** The key the host signs extension tokens with (tests mint tokens of their own with it). */
  tokenKey: ExtensionTokenKey;
  /** hello's published bundle file in the store. */
  helloBundle: string;
  stop(): Promise<void>;
}

interface Secrets {
  runnerServiceToken: string;
  sessionSecret: string;
  tokenKey: ExtensionTokenKey;
  signingKeyPem: string;
}

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

/** Secrets generated once per data dir (mode 0600) and reused: sessions and tokens survive a restart. */
async function loadSecrets(path: string): Promise<Secrets> {
  if (await exists(path)) return JSON.parse(await readFile(path, 'utf8')) as Secrets;
  const secrets: Secrets = {
    runnerServiceToken: randomBytes(32).toString('base64url'),
    sessionSecret: randomBytes(32).toString('base64url'),
    tokenKey: await generateExtensionTokenKey(),
    signingKeyPem: generateSigningKey().privateKeyPem,
  };
  await writeFile(path, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  return secrets;
}

/** Packs hello's built bundle folder, signs it and writes it into the store (`sha256/<hex>.bundle` + `.sig`). */
async function publishHello(store: string, signingKeyPem: string): Promise<string> {
  const folder = join(packageDir('@extsys-example/hello'), 'dist/bundle');
  if (!(await exists(join(folder, 'manifest.json')))) {
    throw new Error(`${folder} is not built: run \`npm run build\` at the repository root first`);
  }
  const packed = await packBundle(folder);
  const written = await writeToStoreFolder(store, packed, serializeSignature(signBundle(packed.bytes, signingKeyPem)));
  return written.bundle;
}

async function waitUntilReady(url: string, child: ChildProcess, lines: string[]): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`the runner exited during start:\n${lines.slice(-15).join('\n')}`);
    }
    const ok = await fetch(url, { signal: AbortSignal.timeout(2000) }).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`the runner did not answer ${url} within 30 s`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

function startRunner(env: Record<string, string>, onLog: ((line: string) => void) | undefined) {
  const guard = fileURLToPath(new URL('./child-guard.js', import.meta.url));
  const main = join(packageDir('@extsys/runner'), 'dist/main.js');
  const inherited = Object.fromEntries(
    ['PATH', 'HOME', 'TMPDIR', 'LANG', 'TZ'].flatMap((name) => (process.env[name] ? [[name, process.env[name]]] : [])),
  ) as Record<string, string>;
  const child = spawn(process.execPath, [guard, main], { env: { ...inherited, ...env }, stdio: 'pipe' });
  const lines: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => {
      lines.push(line);
      if (lines.length > 50) lines.shift();
      onLog?.(line);
    });
  }
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  return { child, lines, stop };
}

/** Starts runner + host; rejects (leaving nothing running) if either fails to start. */
export async function startExampleStack(options: ExampleStackOptions): Promise<ExampleStack> {
  const hostPort = options.hostPort ?? 3000;
  const runnerPort = options.runnerPort ?? 3001;
  const hostUrl = `http://localhost:${hostPort}`;
  const runnerUrl = `http://127.0.0.1:${runnerPort}`;
  const root = resolve(options.dataDir);
  const store = join(root, 'bundles');
  await mkdir(join(root, 'keys'), { recursive: true });
  const secrets = await loadSecrets(join(root, 'secrets.json'));
  const trustBundle = join(root, 'keys', 'trust.json');
  const trust = trustBundleFile([{ name: 'host-express-dev', publicKey: createPublicKey(secrets.signingKeyPem) }]);
  await writeFile(trustBundle, `${JSON.stringify(trust, null, 2)}\n`);
  const helloBundle = await publishHello(store, secrets.signingKeyPem);

  const runner = startRunner(
    {
      HOST: '127.0.0.1',
      PORT: String(runnerPort),
      BUNDLE_STORE: store,
      BUNDLE_CACHE_DIR: join(root, 'runner-cache'),
      KV_DB_PATH: join(root, 'runner-kv.sqlite'),
      SIGNING_TRUST_BUNDLE: trustBundle,
      REQUIRE_SIGNATURES: 'true',
      // This host may frame extension pages, and they may call its /api/ext.
      EXT_UI_FRAME_ANCESTORS: hostUrl,
      EXT_UI_CONNECT_SRC: hostUrl,
      RUNNER_SERVICE_TOKEN: secrets.runnerServiceToken,
      SHUTDOWN_GRACE_MS: '2000',
      LOG_LEVEL: 'info',
    },
    options.onRunnerLog,
  );
  let server: Server | undefined;
  try {
    await waitUntilReady(`${runnerUrl}/readyz`, runner.child, runner.lines);
    const app = await createHostApp({
      sessionSecret: secrets.sessionSecret,
      webRoot: fileURLToPath(new URL('../web', import.meta.url)),
      extsys: {
        tokens: { keys: [secrets.tokenKey], issuer: hostUrl },
        runner: { url: runnerUrl, publicUrl: runnerUrl, serviceCredential: secrets.runnerServiceToken },
        helloBundle,
      },
    });
    server = await new Promise<Server>((done, fail) => {
      const listening = app.listen(hostPort, '127.0.0.1', (error?: Error) => (error ? fail(error) : done(listening)));
    });
  } catch (error) {
    await runner.stop();
    throw error;
  }
  const host = server;
  return {
    hostUrl,
    runnerUrl,
    tokenKey: secrets.tokenKey,
    helloBundle,
    stop: async () => {
      host.closeAllConnections();
      await Promise.all([new Promise((done) => host.close(done)), runner.stop()]);
    },
  };
}
