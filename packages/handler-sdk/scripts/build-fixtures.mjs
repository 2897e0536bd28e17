#!/usr/bin/env node
// Builds the test handlers in fixtures/src/ with asc (the same options an author's build uses:
// asconfig.base.json) into fixtures/dist/{name}.wasm, and the author template (with its own
// asconfig.json, as `npm run build` in a copy of it would) into fixtures/dist/template.wasm, in parallel. Skips a fixture whose output
// is newer than every SDK and fixture source, so a repeated `npm test` stays fast.
import { spawn } from 'node:child_process';
import { mkdir, readdir, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const pkg = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const srcDir = join(pkg, 'fixtures', 'src');
const distDir = join(pkg, 'fixtures', 'dist');
const force = process.argv.includes('--force');

async function newestInput() {
  let newest = 0;
  const dirs = [join(pkg, 'assembly'), srcDir, join(pkg, 'template', 'assembly')];
  const files = [
    join(pkg, 'asconfig.base.json'),
    join(pkg, 'transform.mjs'),
    join(pkg, 'index.ts'),
    join(pkg, 'template', 'asconfig.json'),
  ];
  for (const dir of dirs) for (const f of await readdir(dir)) files.push(join(dir, f));
  for (const f of files) newest = Math.max(newest, (await stat(f)).mtimeMs);
  return newest;
}

async function upToDate(out, newest) {
  try {
    return (await stat(out)).mtimeMs > newest;
  } catch {
    return false;
  }
}

function asc(source, out, config = join(pkg, 'asconfig.base.json'), extra = []) {
  const args = [source, '--config', config, '-o', out, '--disableWarning', '201', ...extra];
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [ascBin, ...args], { cwd: pkg, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolvePromise() : reject(new Error(`asc ${source} exited with ${code}`)),
    );
  });
}

// assemblyscript does not export its bin; it sits beside dist/asc.js.
const ascBin = join(dirname(fileURLToPath(import.meta.resolve('assemblyscript/asc'))), '..', 'bin', 'asc.js');

await mkdir(distDir, { recursive: true });
const newest = await newestInput();
const jobs = (await readdir(srcDir))
  .filter((f) => f.endsWith('.ts'))
  .sort()
  .map((file) => ({
    name: file.replace(/\.ts$/, ''),
    source: join('fixtures', 'src', file),
    config: undefined,
    // Only its import section matters (the runner refuses it before running it): skip the optimiser.
    extra: file === 'unknown-import.ts' ? ['--optimizeLevel', '0', '--shrinkLevel', '0'] : [],
  }));
jobs.push({
  name: 'template',
  source: join('template', 'assembly', 'index.ts'),
  config: join(pkg, 'template', 'asconfig.json'),
});
const started = Date.now();
const built = [];
await Promise.all(
  jobs.map(async ({ name, source, config, extra }) => {
    const out = join(distDir, `${name}.wasm`);
    if (!force && (await upToDate(out, newest))) return;
    await asc(source, out, config, extra);
    built.push(name);
  }),
);
console.log(
  built.length === 0
    ? `handler-sdk fixtures are up to date in ${distDir}`
    : `built ${built.sort().join(', ')} into ${distDir} in ${Date.now() - started} ms`,
);
