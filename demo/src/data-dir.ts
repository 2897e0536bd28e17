import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { access, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { repoPath } from './repo.js';

const run = promisify(execFile);
const SIGNER = 'demo';

/** Where everything of one stack lives; the same dataDir gives the same keys, secrets and registry. */
export interface DataDirLayout {
  root: string;
  /** Runner and gateway share it: the gateway writes published bundles, the runner reads them. */
  bundleStore: string;
  runnerCache: string;
  runnerKv: string;
  gatewayData: string;
  signingKey: string;
  trustBundle: string;
  /** Copies of the extension folders as published (manifest adjusted to this stack). */
  staging: string;
  /** The packed, signed bundles (`<name>-<version>.bundle.tar` + `.sig`). */
  packed: string;
}

export function layoutOf(dataDir: string): DataDirLayout {
  const root = resolve(dataDir);
  return {
    root,
    bundleStore: join(root, 'bundles'),
    runnerCache: join(root, 'runner-cache'),
    runnerKv: join(root, 'runner-kv.sqlite'),
    gatewayData: join(root, 'gateway'),
    signingKey: join(root, 'keys', `${SIGNER}.key.pem`),
    trustBundle: join(root, 'keys', `${SIGNER}.trust.json`),
    staging: join(root, 'staging'),
    packed: join(root, 'packed'),
  };
}

/** Secrets generated once per dataDir and reused: restarting the stack keeps sessions and installs valid. */
export interface StackSecrets {
  /** The gateway's credential for the runner's POST /v1/execute. */
  runnerServiceToken: string;
  /** The gateway's platform admin token (publishing, every tenant's installs). */
  adminToken: string;
}

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

/** Creates the folders, the secrets file (mode 0600) and the signing key + trust bundle if absent. */
export async function prepareDataDir(layout: DataDirLayout): Promise<StackSecrets> {
  for (const dir of [layout.root, layout.bundleStore, layout.runnerCache, layout.gatewayData]) {
    await mkdir(dir, { recursive: true });
  }
  const secrets = await loadOrCreateSecrets(join(layout.root, 'secrets.json'));
  if (!(await exists(layout.signingKey))) {
    // The authors' CLI writes <dir>/demo.key.pem (0600) and <dir>/demo.trust.json.
    await run(process.execPath, [
      repoPath('packages/bundle/dist/cli.js'),
      'keygen',
      '--out',
      join(layout.root, 'keys'),
      '--name',
      SIGNER,
    ]);
  }
  return secrets;
}

async function loadOrCreateSecrets(path: string): Promise<StackSecrets> {
  try {
    const saved = JSON.parse(await readFile(path, 'utf8')) as Partial<StackSecrets>;
    if (isSecret(saved.runnerServiceToken) && isSecret(saved.adminToken)) {
      return { runnerServiceToken: saved.runnerServiceToken, adminToken: saved.adminToken };
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT' && !(error instanceof SyntaxError)) throw error;
  }
  const secrets: StackSecrets = {
    runnerServiceToken: randomBytes(32).toString('base64url'),
    adminToken: randomBytes(32).toString('base64url'),
  };
  await writeFile(path, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  return secrets;
}

const isSecret = (value: unknown): value is string => typeof value === 'string' && value.length >= 32;
