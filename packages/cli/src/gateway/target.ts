import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { CliError, UsageError } from '../cli-error.js';
import { readCredential, type Credential } from '../credential.js';

/** Where `extsys dev` keeps its stack (keys, secrets, registry) inside a project. */
export const DEV_DATA_DIR = join('.extsys', 'dev');

/** The gateway `extsys dev` starts by default; `EXTSYS_GATEWAY` or `--gateway` name another. */
export const DEFAULT_GATEWAY = 'http://localhost:8081';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** A gateway to talk to, with the credential to present and, for publishing, the signing key. */
export interface GatewayTarget {
  url: string;
  credential: Credential;
  /** The project's local dev stack, when the gateway is one on this machine and the project has one. */
  devStack?: { dataDir: string };
}

export interface TargetOptions {
  gateway?: string | undefined;
  credentialFile?: string | undefined;
  /** The project whose `.extsys/dev` stack may lend its admin token to a loopback gateway. */
  projectDir: string;
  env?: NodeJS.ProcessEnv;
}

export async function resolveGatewayTarget(options: TargetOptions): Promise<GatewayTarget> {
  const env = options.env ?? process.env;
  const url = parseGatewayUrl(options.gateway ?? env['EXTSYS_GATEWAY'] ?? DEFAULT_GATEWAY);
  const dataDir = resolve(options.projectDir, DEV_DATA_DIR);
  // Only a gateway on this machine can be the project's dev stack: its admin token never goes
  // anywhere else, whatever URL was passed.
  const local = LOOPBACK.has(new URL(url).hostname);
  const credential = await readCredential({
    credentialFile: options.credentialFile,
    env,
    fallback: async () => {
      if (!local) return undefined;
      const adminToken = await readDevAdminToken(dataDir);
      return adminToken ? { token: adminToken, source: `the dev stack (${join(dataDir, 'secrets.json')})` } : undefined;
    },
  });
  return { url, credential, ...(local ? { devStack: { dataDir } } : {}) };
}

function parseGatewayUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`--gateway ${JSON.stringify(text)} is not a URL (e.g. https://host.example.com)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`--gateway must be an http(s) URL, got ${url.protocol}`);
  }
  if (url.protocol === 'http:' && !LOOPBACK.has(url.hostname)) {
    // A credential in clear text over the network.
    throw new UsageError(`--gateway ${url.origin} must use https (plain http only for localhost)`);
  }
  return url.origin;
}

async function readDevAdminToken(dataDir: string): Promise<string | undefined> {
  try {
    const secrets = JSON.parse(await readFile(join(dataDir, 'secrets.json'), 'utf8')) as { adminToken?: unknown };
    return typeof secrets.adminToken === 'string' ? secrets.adminToken : undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new CliError(
      'dev_stack_unreadable',
      `cannot read ${join(dataDir, 'secrets.json')}: ${(error as Error).message}`,
    );
  }
}
