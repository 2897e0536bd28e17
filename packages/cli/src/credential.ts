import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { CliError } from './cli-error.js';

/**
 * Where a command that talks to a gateway's admin API finds its credential — never a flag holding
 * the secret itself, which would land in shell history and in `ps`:
 *
 * 1. `--credential-file <path>`: a file whose first line is the token (mode 0600 advised);
 * 2. `EXTSYS_TOKEN`: the token itself;
 * 3. `EXTSYS_TOKEN_FILE`: a path, as 1;
 * 4. the local dev stack's own admin token (`<project>/.extsys/dev/secrets.json`), when the gateway is
 *    the one `extsys dev` runs — so `extsys logs` and `extsys publish` need nothing against it.
 *
 * The token is the gateway's platform admin token or a publisher credential.
 */
export interface CredentialSources {
  credentialFile?: string | undefined;
  env?: NodeJS.ProcessEnv;
  /** A fallback read last (the dev stack's admin token), with where it came from. */
  fallback?: () => Promise<Credential | undefined>;
}

export interface Credential {
  token: string;
  /** Where it was read, for messages (never the token). */
  source: string;
}

export async function readCredential(sources: CredentialSources): Promise<Credential> {
  const env = sources.env ?? process.env;
  if (sources.credentialFile) return fromFile(sources.credentialFile, '--credential-file');
  const fromEnv = env['EXTSYS_TOKEN']?.trim();
  if (fromEnv) return { token: fromEnv, source: 'EXTSYS_TOKEN' };
  const file = env['EXTSYS_TOKEN_FILE']?.trim();
  if (file) return fromFile(file, 'EXTSYS_TOKEN_FILE');
  const fallback = await sources.fallback?.();
  if (fallback) return fallback;
  throw new CliError(
    'credential_missing',
    'no credential: set EXTSYS_TOKEN (the gateway admin token or a publisher credential), or put it in a file ' +
      'and pass --credential-file <path> or set EXTSYS_TOKEN_FILE',
  );
}

async function fromFile(path: string, via: string): Promise<Credential> {
  const absolute = resolve(path);
  let text: string;
  try {
    if (!(await stat(absolute)).isFile()) throw Object.assign(new Error('not a file'), { code: 'EISDIR' });
    text = await readFile(absolute, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(
      'credential_unreadable',
      `cannot read the credential file ${absolute} (${via}): ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
    );
  }
  const token = text.split(/\r?\n/, 1)[0]?.trim() ?? '';
  if (!token) throw new CliError('credential_unreadable', `the credential file ${absolute} (${via}) is empty`);
  return { token, source: `${via} ${absolute}` };
}
