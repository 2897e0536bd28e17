// The bundle commands, shared by `extsys-bundle <command>` and `extsys <command>`: each takes its
// arguments after the command name, prints its result on stdout and progress on stderr, and throws
// a BundleError (exit 1) or a BundleUsageError (exit 2).
import { createPublicKey } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildHandler } from './build-handler.js';
import { BundleError } from './errors.js';
import { parseContentHash } from './hash.js';
import { formatBytes } from './limits.js';
import { bundleFileName, packBundle } from './pack.js';
import { progressLine } from './progress.js';
import { readBundle } from './read.js';
import {
  generateSigningKey,
  loadSigningKey,
  parseSignature,
  serializeSignature,
  signaturePathFor,
  signBundle,
} from './sign.js';
import { loadTrustBundle, SignerName, trustBundleFile } from './trust.js';
import { verifyBundle, type VerifiedBundle } from './verify.js';

/** Each command's synopsis and what it does, for `extsys-bundle help` and `extsys <command> --help`. */
export const BUNDLE_COMMAND_HELP: Record<string, { synopsis: string; summary: string }> = {
  'build-handler': {
    synopsis: 'build-handler <entry.ts> [--out <file>] [--minify]',
    summary:
      'bundle a js@1 handler into one ES module + source map (default: handler/handler.js and handler/handler.js.map)',
  },
  pack: {
    synopsis: 'pack <extension-dir> [--out <file>]',
    summary:
      "validate manifest.json and write the bundle (default: ./<name>-<version>.bundle.tar); for js@1, api.endpoints must match the handler's contract",
  },
  keygen: {
    synopsis: 'keygen --out <dir> [--name <signer>]',
    summary:
      'create an Ed25519 key: <dir>/<name>.key.pem (secret) and <dir>/<name>.trust.json (a trust bundle with it)',
  },
  sign: {
    synopsis: 'sign <bundle> --key <key.pem> [--signer <name>]',
    summary: 'write the detached signature <bundle>.sig',
  },
  verify: {
    synopsis: 'verify <bundle> --trust <trust.json> [--signature <file>] [--hash <sha256:...>]',
    summary: 'check hash and signature; exit 1 if either fails',
  },
  inspect: {
    synopsis: 'inspect <bundle> [--trust <trust.json>] [--json]',
    summary: 'print manifest, content hash, signer and files',
  },
};

export class BundleUsageError extends Error {
  override name = 'BundleUsageError';
}

type Options = Record<string, { type: 'string' | 'boolean' }>;

function parse(args: string[], options: Options, positionals: string[]) {
  let parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new BundleUsageError((error as Error).message.split('\n')[0]);
  }
  if (parsed.positionals.length !== positionals.length) {
    const expected = positionals.map((name) => `<${name}>`).join(' ') || 'no arguments';
    throw new BundleUsageError(`expected ${expected}, got ${parsed.positionals.length} argument(s)`);
  }
  return { values: parsed.values as Record<string, string | boolean | undefined>, args: parsed.positionals };
}

function required(values: Record<string, string | boolean | undefined>, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value === '') throw new BundleUsageError(`--${name} is required`);
  return value;
}

async function readInput(path: string, what: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    throw new BundleError(
      what === 'bundle' ? 'bundle_not_found' : 'not_found',
      `cannot read ${what} ${path}: ${code === 'ENOENT' ? 'no such file' : message}`,
    );
  }
}

async function readSignature(path: string, explicit: boolean) {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    if (explicit) throw new BundleError('bundle_signature_missing', `signature file ${path} does not exist`);
    return undefined;
  }
  return parseSignature(text, path);
}

async function pack(argv: string[]): Promise<void> {
  const { values, args } = parse(argv, { out: { type: 'string' } }, ['extension-dir']);
  const progress = progressLine('packing');
  const packed = await packBundle(args[0]!, { onProgress: progress.update }).finally(progress.clear);
  const out = resolve(typeof values['out'] === 'string' ? values['out'] : bundleFileName(packed.manifest));
  await writeFile(out, packed.bytes);
  console.log(`${packed.contentHash}  ${out}`);
  console.error(`packed ${packed.files.length} files, ${formatBytes(packed.bytes.byteLength)}`);
  for (const warning of packed.warnings) console.error(`warning: ${warning}`);
}

async function buildHandlerCommand(argv: string[]): Promise<void> {
  const { values, args } = parse(argv, { out: { type: 'string' }, minify: { type: 'boolean' } }, ['entry']);
  const built = await buildHandler(args[0]!, {
    ...(typeof values['out'] === 'string' ? { out: values['out'] } : {}),
    minify: values['minify'] === true,
  });
  console.log(built.outFile);
  const routes = built.routes
    ? `${built.routes.length} endpoint(s): ${built.routes.map((r) => `${r.handler} ${r.method} ${r.path}`).join(', ')}`
    : 'no contract (handle is not from serve(contract, ...))';
  console.error(`built ${formatBytes(built.bytes)} + ${formatBytes(built.mapBytes)} source map; ${routes}`);
}

async function keygen(argv: string[]): Promise<void> {
  const { values } = parse(argv, { out: { type: 'string' }, name: { type: 'string' } }, []);
  const dir = resolve(required(values, 'out'));
  const name = typeof values['name'] === 'string' ? values['name'] : 'signer';
  if (!SignerName.safeParse(name).success) {
    throw new BundleUsageError(`--name ${JSON.stringify(name)} must be letters, digits, ".", "_", "@" or "-"`);
  }
  const key = generateSigningKey();
  const keyPath = join(dir, `${name}.key.pem`);
  const trustPath = join(dir, `${name}.trust.json`);
  await mkdir(dir, { recursive: true });
  const exclusive = async (path: string, text: string, mode: number) =>
    writeFile(path, text, { flag: 'wx', mode }).catch((error: NodeJS.ErrnoException) => {
      throw new BundleError(
        'conflict',
        error.code === 'EEXIST'
          ? `${path} already exists; refusing to overwrite a key`
          : `cannot write ${path}: ${error.message}`,
      );
    });
  const publicKey = createPublicKey(loadSigningKey(key.privateKeyPem));
  await exclusive(keyPath, key.privateKeyPem, 0o600);
  await exclusive(trustPath, `${JSON.stringify(trustBundleFile([{ name, publicKey }]), null, 2)}\n`, 0o644);
  console.log(`key id      ${key.keyId}`);
  console.log(`private key ${keyPath} (keep it secret)`);
  console.log(`trust file  ${trustPath} (give it to verifiers; merge "keys" lists to trust several signers)`);
}

async function sign(argv: string[]): Promise<void> {
  const { values, args } = parse(argv, { key: { type: 'string' }, signer: { type: 'string' } }, ['bundle']);
  const keyPath = required(values, 'key');
  const bundlePath = args[0]!;
  const bytes = await readInput(bundlePath, 'bundle');
  readBundle(bytes); // refuse to sign something that is not a valid bundle
  const keyText = (await readInput(keyPath, 'key')).toString('utf8');
  const fromFile = basename(keyPath).replace(/\.key\.pem$|\.pem$/, '');
  const signer =
    typeof values['signer'] === 'string'
      ? values['signer']
      : SignerName.safeParse(fromFile).success
        ? fromFile
        : undefined;
  const signature = signBundle(bytes, loadSigningKey(keyText, keyPath), signer === undefined ? {} : { signer });
  const out = signaturePathFor(bundlePath);
  await writeFile(out, serializeSignature(signature));
  console.log(`signed ${signature.contentHash} with ${signature.keyId} -> ${out}`);
}

async function verify(argv: string[]): Promise<void> {
  const { values, args } = parse(
    argv,
    { trust: { type: 'string' }, signature: { type: 'string' }, hash: { type: 'string' } },
    ['bundle'],
  );
  const bundlePath = args[0]!;
  const trust = await loadTrustBundle(required(values, 'trust'));
  const expected = typeof values['hash'] === 'string' ? parseContentHash(values['hash'], '--hash') : undefined;
  const bytes = await readInput(bundlePath, 'bundle');
  const sigPath = typeof values['signature'] === 'string' ? values['signature'] : signaturePathFor(bundlePath);
  const signature = await readSignature(sigPath, typeof values['signature'] === 'string');
  const verified = verifyBundle(bytes, signature, trust, expected ? { expectedHash: expected } : {});
  readBundle(bytes);
  console.log(`verified ${verified.contentHash} signed by "${verified.signer}" (${verified.keyId})`);
}

async function inspect(argv: string[]): Promise<void> {
  const { values, args } = parse(argv, { trust: { type: 'string' }, json: { type: 'boolean' } }, ['bundle']);
  const bundlePath = args[0]!;
  const bytes = await readInput(bundlePath, 'bundle');
  const bundle = readBundle(bytes);
  const signature = await readSignature(signaturePathFor(bundlePath), false);
  let verified: VerifiedBundle | undefined;
  if (typeof values['trust'] === 'string') {
    verified = verifyBundle(bytes, signature, await loadTrustBundle(values['trust']));
  }
  const files = bundle.files.map(({ path, size }) => ({ path, size }));
  if (values['json']) {
    const signer = signature
      ? { keyId: signature.keyId, claimed: signature.signer ?? null, verified: verified?.signer ?? null }
      : null;
    console.log(
      JSON.stringify(
        { contentHash: bundle.contentHash, size: bytes.byteLength, signer, manifest: bundle.manifest, files },
        null,
        2,
      ),
    );
    return;
  }
  const total = files.reduce((sum, file) => sum + file.size, 0);
  const signerLine = verified
    ? `"${verified.signer}" (${verified.keyId}), verified against the trust bundle`
    : signature
      ? `${signature.signer === undefined ? 'unnamed' : `"${signature.signer}"`} (${signature.keyId}), NOT verified (pass --trust)`
      : 'none (unsigned)';
  const width = Math.max(...files.map((file) => formatBytes(file.size).length));
  console.log(
    [
      `bundle       ${resolve(bundlePath)} (${formatBytes(bytes.byteLength)})`,
      `content hash ${bundle.contentHash}`,
      `signer       ${signerLine}`,
      `manifest     ${JSON.stringify(bundle.manifest, null, 2).replace(/\n/g, '\n             ')}`,
      `files        ${files.length} files, ${formatBytes(total)}`,
      ...files.map((file) => `  ${formatBytes(file.size).padStart(width)}  ${file.path}`),
    ].join('\n'),
  );
}

export const BUNDLE_COMMANDS: Record<string, (argv: string[]) => Promise<void>> = {
  'build-handler': buildHandlerCommand,
  pack,
  keygen,
  sign,
  verify,
  inspect,
};
