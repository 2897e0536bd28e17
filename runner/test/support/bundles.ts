// Real bundles for the tests: extension trees written to a temp folder, packed and signed with the
// extsys-bundle CLI (the same commands an author runs), then placed in a store folder.
import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { ContentHash } from '@extsys/protocol';
import { storeKeys } from '../../src/bundles/store.js';

const run = promisify(execFile);
const CLI = resolve(dirname(fileURLToPath(import.meta.url)), '../../../packages/bundle/dist/cli.js');

export async function tempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `extsys-runner-${prefix}-`));
}

export async function cli(...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, [CLI, ...args]);
  return stdout;
}

export interface ExtensionSource {
  name: string;
  /** Bundle-relative path → contents; manifest.json is generated. */
  files: Record<string, string | Uint8Array>;
  entry?: string;
}

/** The UI of a typical extension, with one file of every type the runner serves. */
export function typicalUi(): Record<string, string | Uint8Array> {
  return {
    'ui/index.html':
      '<!doctype html><html><head><link rel="stylesheet" href="./app.css"></head><body><script type="module" src="./assets/app.js"></script></body></html>',
    'ui/assets/app.js': `export const answer = 42;\n${'// padding\n'.repeat(180)}`,
    'ui/assets/chunk.mjs': 'export default 1;\n',
    'ui/app.css': 'body { color: var(--ext-color-fg); }\n',
    'ui/data.json': '{"ok":true}\n',
    'ui/assets/app.js.map': '{"version":3,"sources":[],"mappings":""}\n',
    'ui/logo.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>',
    'ui/img/a.png': new Uint8Array([0x89, 0x50, 0x4e, 0x47]),
    'ui/img/b.jpg': new Uint8Array([0xff, 0xd8, 0xff]),
    'ui/img/c.webp': new Uint8Array([0x52, 0x49, 0x46, 0x46]),
    'ui/img/d.gif': new Uint8Array([0x47, 0x49, 0x46]),
    'ui/favicon.ico': new Uint8Array([0, 0, 1, 0]),
    'ui/fonts/f.woff': new Uint8Array([0x77, 0x4f, 0x46, 0x46]),
    'ui/fonts/f.woff2': new Uint8Array([0x77, 0x4f, 0x46, 0x32]),
    'ui/lib/tool.wasm': new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]),
    'ui/robots.txt': 'User-agent: *\n',
    'handler/handler.wasm': new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]),
  };
}

export async function writeExtension(dir: string, source: ExtensionSource): Promise<void> {
  const manifest = {
    manifestVersion: 2,
    name: source.name,
    publisher: 'Acme',
    version: '1.0.0',
    runtime: 'wasm@1',
    ui: { type: 'iframe', entry: source.entry ?? 'ui/index.html' },
    api: { module: 'handler/handler.wasm', endpoints: [{ method: 'GET', path: '/items', handler: 'items' }] },
  };
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  for (const [path, contents] of Object.entries(source.files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), contents);
  }
}

export interface PackedBundle {
  contentHash: ContentHash;
  bundlePath: string;
  signaturePath: string;
}

/** Packs `dir` with the CLI and signs it with `key` (a keygen .key.pem) unless `key` is null. */
export async function packAndSign(dir: string, outDir: string, key: string | null): Promise<PackedBundle> {
  const bundlePath = join(outDir, `${Math.random().toString(36).slice(2)}.bundle.tar`);
  await cli('pack', dir, '--out', bundlePath);
  if (key) await cli('sign', bundlePath, '--key', key);
  const inspected = JSON.parse(await cli('inspect', bundlePath, '--json')) as { contentHash: ContentHash };
  return { contentHash: inspected.contentHash, bundlePath, signaturePath: `${bundlePath}.sig` };
}

/** Copies a packed bundle (and its signature, if any) into a store folder under its hash. */
export async function publish(storeDir: string, bundle: PackedBundle, options: { withSignature?: boolean } = {}) {
  const keys = storeKeys(bundle.contentHash);
  await mkdir(join(storeDir, 'sha256'), { recursive: true });
  await copyFile(bundle.bundlePath, join(storeDir, keys.bundle));
  if (options.withSignature !== false) {
    await copyFile(bundle.signaturePath, join(storeDir, keys.signature)).catch(() => undefined);
  }
}

export async function keygen(dir: string, name: string): Promise<{ key: string; trust: string }> {
  await cli('keygen', '--out', dir, '--name', name);
  return { key: join(dir, `${name}.key.pem`), trust: join(dir, `${name}.trust.json`) };
}

export { readFile };
