import { access, mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { bundleFileName, formatBytes, packBundle, serializeSignature, signBundle } from '@extsys/bundle';
import { layoutOf } from '@extsys/demo';
import { CliError } from '../cli-error.js';
import { withAdminApi } from '../gateway/admin-api.js';
import { resolveGatewayTarget, type GatewayTarget } from '../gateway/target.js';
import { step } from '../step.js';

interface PublishOptions {
  gateway?: string;
  credentialFile?: string;
  key?: string;
}

/** `extsys publish [dir]`: pack the built bundle, sign it, upload it to a gateway. */
export function registerPublish(program: Command): void {
  program
    .command('publish')
    .description('pack, sign and upload the built extension (dist/bundle) to a gateway')
    .argument('[dir]', 'the extension project', '.')
    .option('--gateway <url>', 'the gateway (default: EXTSYS_GATEWAY, else the dev stack http://localhost:8081)')
    .option('--credential-file <path>', 'a file holding the admin or publisher token (else EXTSYS_TOKEN)')
    .option('--key <path>', 'the Ed25519 signing key (else EXTSYS_SIGNING_KEY, else the dev stack key)')
    .addHelpText(
      'after',
      '\nThe credential is never a flag: EXTSYS_TOKEN, EXTSYS_TOKEN_FILE or --credential-file. Against the\n' +
        "project's own `extsys dev` stack nothing is needed: its admin token and signing key are used.",
    )
    .action(async (dir: string, options: PublishOptions) => {
      const projectDir = resolve(dir);
      const bundleDir = await builtBundle(projectDir);
      const target = await resolveGatewayTarget({ ...options, projectDir });
      const published = await publishBundle(bundleDir, target, options.key);
      console.log(`${published.extensionId} ${published.version} ${published.contentHash}`);
    });
}

export interface Published {
  extensionId: string;
  version: string;
  contentHash: string;
  created: boolean;
}

/** The project's built bundle folder, `<project>/dist/bundle`; refused when it was not built. */
export async function builtBundle(projectDir: string): Promise<string> {
  const bundleDir = join(projectDir, 'dist', 'bundle');
  await access(join(bundleDir, 'manifest.json')).catch(() => {
    throw new CliError('not_built', `${bundleDir} has no manifest.json: build the extension first (extsys build)`);
  });
  return bundleDir;
}

/** Packs a built bundle folder, signs it, writes both beside it (`dist/`), uploads them. */
export async function publishBundle(bundleDir: string, target: GatewayTarget, keyPath?: string): Promise<Published> {
  const distDir = dirname(bundleDir);
  const key = await signingKey(keyPath, target);

  const packed = await step('packing', () => packBundle(bundleDir));
  const { name, version } = packed.manifest;
  const signature = serializeSignature(signBundle(packed.bytes, key.text, { signer: key.signer }));
  const out = join(distDir, bundleFileName(packed.manifest));
  await mkdir(distDir, { recursive: true });
  await writeFile(out, packed.bytes);
  await writeFile(`${out}.sig`, signature);
  console.error(`packed ${out} (${formatBytes(packed.bytes.byteLength)}), signed with ${key.source}`);

  const result = await step(`uploading to ${target.url}`, () =>
    withAdminApi(target, (admin) => admin.publishBundle(packed.bytes, signature)),
  ).catch((error: unknown) => {
    if (error instanceof CliError && error.code === 'version_conflict') {
      throw new CliError(
        'version_conflict',
        `${name} ${version} is already published with other content (versions are immutable): bump "version" in manifest.json`,
      );
    }
    if (error instanceof CliError && error.code.startsWith('bundle_signature')) {
      throw new CliError(
        error.code,
        `${error.message} — the gateway does not trust the key ${key.source}; add its .trust.json to the gateway's trust bundle`,
      );
    }
    throw error;
  });
  console.error(
    result.created
      ? `published ${name} ${version}; install it with: extsys install --tenant <tenant>`
      : `${name} ${version} was already published with these exact bytes; nothing changed`,
  );
  return { extensionId: name, version, contentHash: packed.contentHash, created: result.created };
}

async function signingKey(
  explicit: string | undefined,
  target: GatewayTarget,
): Promise<{ text: string; signer: string; source: string }> {
  const fromEnv = process.env['EXTSYS_SIGNING_KEY']?.trim();
  const path =
    explicit ?? (fromEnv || undefined) ?? (target.devStack ? layoutOf(target.devStack.dataDir).signingKey : undefined);
  if (!path) {
    throw new CliError(
      'signing_key_missing',
      'no signing key: pass --key <path> or set EXTSYS_SIGNING_KEY (create one with: extsys keygen --out <dir>)',
    );
  }
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(
      'signing_key_unreadable',
      code === 'ENOENT' && !explicit && !fromEnv
        ? `no signing key at ${path}: run \`extsys dev\` once (it creates the dev stack's key), or pass --key`
        : `cannot read the signing key ${path}: ${(error as Error).message}`,
    );
  }
  const signer = basename(path).replace(/\.key\.pem$|\.pem$/, '') || 'signer';
  return { text, signer, source: path };
}
