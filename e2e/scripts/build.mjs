#!/usr/bin/env node
// Builds what the e2e suite serves besides the stack: the probe extension's bundle folder
// (dist/probe: manifest.json, ui/ built by Vite with @extsys/ext-sdk, handler/handler.wasm = the
// handler SDK's author template, built by the root `npm run build`) and the test-only host page
// (dist/test-host, @extsys/host-bridge built by Vite). Needs the root build (packages' dist/).
import { access, copyFile, mkdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const e2e = join(dirname(fileURLToPath(import.meta.url)), '..');
const repo = join(e2e, '..');
const dist = join(e2e, 'dist');
const handler = join(repo, 'packages/handler-sdk/fixtures/dist/template.wasm');

await access(handler).catch(() => {
  throw new Error(`${handler} is missing: run the root build first (npm run build)`);
});
await rm(dist, { recursive: true, force: true });

const common = { logLevel: 'warn', configFile: false, base: './' };
await build({
  ...common,
  root: join(e2e, 'fixtures/probe/ui'),
  build: { outDir: join(dist, 'probe/ui'), emptyOutDir: true, target: 'es2022', modulePreload: false },
});
await build({
  ...common,
  root: join(e2e, 'test-host'),
  build: { outDir: join(dist, 'test-host'), emptyOutDir: true, target: 'es2022' },
});
await copyFile(join(e2e, 'fixtures/probe/manifest.json'), join(dist, 'probe/manifest.json'));
await mkdir(join(dist, 'probe/handler'), { recursive: true });
await copyFile(handler, join(dist, 'probe/handler/handler.wasm'));
console.log('e2e: built dist/probe (probe extension bundle folder) and dist/test-host');
