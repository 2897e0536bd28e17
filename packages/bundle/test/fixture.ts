import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach } from 'vitest';

/** The 8-byte empty wasm module: magic + version 1. */
export const EMPTY_WASM = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);

export const MANIFEST = {
  manifestVersion: 2,
  name: 'com.acme.hello',
  displayName: 'Hello',
  publisher: 'Acme',
  version: '1.2.0',
  runtime: 'wasm@1',
  capabilities: [],
  api: {
    module: 'handler/handler.wasm',
    endpoints: [
      { method: 'GET', path: '/items', handler: 'listItems' },
      { method: 'POST', path: '/items', handler: 'createItem' },
    ],
  },
  ui: { type: 'iframe', entry: 'ui/index.html' },
  assets: ['assets/logo.svg'],
};

/** The realistic extension every test packs: path → contents. */
export const FILES: Record<string, string | Uint8Array> = {
  'manifest.json': `${JSON.stringify(MANIFEST, null, 2)}\n`,
  'ui/index.html':
    '<!doctype html>\n<html><head><meta charset="utf-8"><title>Hello</title>' +
    '<script type="module" src="./app.js"></script></head><body><div id="root"></div></body></html>\n',
  'ui/app.js': "import { connect } from './lib/sdk.js';\nconst ext = await connect();\next.ready();\n",
  'ui/lib/sdk.js': 'export async function connect() { return { ready() {} }; }\n',
  'ui/styles/app.css': 'body { margin: 0; font-family: system-ui; }\n',
  'handler/handler.wasm': EMPTY_WASM,
  'assets/logo.svg': '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>\n',
};

const made: string[] = [];
afterEach(async () => {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A fresh temporary folder, removed after the test. */
export async function tempDir(prefix = 'extsys-bundle-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Writes `files` (default: the realistic extension) under `dir`, in the given order. */
export async function writeTree(dir: string, files: Record<string, string | Uint8Array> = FILES): Promise<string> {
  for (const [path, contents] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), contents);
  }
  return dir;
}

/** A temporary extension folder with the realistic extension, plus `extra` files and a manifest patch. */
export async function makeExtension(
  options: { extra?: Record<string, string | Uint8Array>; manifest?: Record<string, unknown> } = {},
): Promise<string> {
  const files = { ...FILES, ...options.extra };
  if (options.manifest) files['manifest.json'] = JSON.stringify({ ...MANIFEST, ...options.manifest });
  return writeTree(await tempDir(), files);
}
