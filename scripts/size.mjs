#!/usr/bin/env node
// Builds every browser-facing entry listed in size-budgets.json with Vite's production build,
// prints its min+gzip bytes, and exits non-zero when an entry is over its budget.
//
// Budget modes, per entry:
// - `external`: packages the entry imports but the budget does not count at all (peer deps).
// - `names`: measure only these exports of `import` (default: everything it exports).
// - `onTopOf`: packages the entry's consumers already ship. The budgeted figure is
//   gzip(entry + those packages) - gzip(those packages' bindings the entry uses, alone):
//   what adding the entry costs an app that already uses the same parts of them.
// Usage: npm run size [-- --json] [-- --without=penpal,protocol/dist/theme/values]
//   --without: a what-if: modules whose import specifier or resolved path contains one of these
//   strings are left out of every entry (never fails on a budget). Shows what a dependency or a
//   module costs inside a bundle, where gzip makes a module's size alone misleading.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { entries } = JSON.parse(await readFile(join(root, 'size-budgets.json'), 'utf8'));
const workDir = join(root, '.size');
const gzip = (code) => gzipSync(code, { level: 9 }).byteLength;
const without = (process.argv.find((a) => a.startsWith('--without='))?.slice('--without='.length) ?? '')
  .split(',')
  .filter(Boolean);

/** Bundles `source` as an app entry (everything it exports kept), minified. */
async function bundle(name, source, external = []) {
  const file = join(workDir, `${name.replace(/[^a-z0-9]+/gi, '-')}.mjs`);
  await writeFile(file, source);
  const isExternal = (id) =>
    external.some((pkg) => id === pkg || id.startsWith(`${pkg}/`)) || without.some((part) => id.includes(part));
  // An application build, not library mode (which keeps whitespace in ES output): what an
  // extension or host app that imports the entry would actually ship.
  const output = await build({
    configFile: false,
    logLevel: 'silent',
    root,
    build: {
      write: false,
      minify: true,
      target: 'es2022',
      modulePreload: false,
      rollupOptions: { input: file, external: isExternal, preserveEntrySignatures: 'exports-only' },
    },
  });
  const chunks = (Array.isArray(output) ? output : [output]).flatMap((o) => o.output).filter((c) => c.type === 'chunk');
  return chunks.map((c) => c.code).join('\n');
}

/**
 * The bindings minified `code` imports from `pkg` (named imports, or `ns.x` uses of a namespace
 * import), kept to names `pkg` really exports since a minifier reuses the namespace's name.
 */
async function importedBindings(code, pkg) {
  const exported = new Set(Object.keys(await import(pkg)));
  const from = String.raw`\s*from\s*["']${pkg.replace(/[/.]/g, '\\$&')}["']`;
  const names = new Set();
  for (const m of code.matchAll(new RegExp(String.raw`import\s*\*\s*as\s*([\w$]+)${from}`, 'g'))) {
    for (const use of code.matchAll(new RegExp(String.raw`(?<![\w$.])${m[1].replace('$', '\\$')}\.([\w$]+)`, 'g'))) {
      names.add(use[1]);
    }
  }
  for (const m of code.matchAll(new RegExp(String.raw`import\s*\{([^}]*)\}${from}`, 'g'))) {
    for (const part of m[1].split(',')) names.add(part.trim().split(/\s+as\s+/)[0]);
  }
  return [...names].filter((name) => exported.has(name)).sort();
}

await rm(workDir, { recursive: true, force: true });
await mkdir(workDir, { recursive: true });
const rows = [];
for (const entry of entries) {
  const external = entry.external ?? [];
  const onTopOf = entry.onTopOf ?? [];
  // `names`: only these exports of the entry (proves that importing them alone tree-shakes the rest).
  const source = entry.names
    ? `export { ${entry.names.join(', ')} } from ${JSON.stringify(entry.import)};\n`
    : `export * from ${JSON.stringify(entry.import)};\n`;
  const own = await bundle(`${entry.name}-own`, source, [...external, ...onTopOf]);
  const row = { name: entry.name, budgetBytes: entry.budgetBytes, ownMinBytes: own.length, ownGzipBytes: gzip(own) };
  if (onTopOf.length > 0) {
    const total = await bundle(`${entry.name}-total`, source, external);
    const lines = [];
    for (const pkg of onTopOf) {
      lines.push(`export { ${(await importedBindings(own, pkg)).join(', ')} } from ${JSON.stringify(pkg)};`);
    }
    const baselineSource = lines.join('\n');
    const baseline = await bundle(`${entry.name}-baseline`, baselineSource, external);
    row.totalGzipBytes = gzip(total);
    row.baselineGzipBytes = gzip(baseline);
    row.measuredBytes = row.totalGzipBytes - row.baselineGzipBytes;
  } else {
    row.measuredBytes = row.ownGzipBytes;
  }
  row.ok = row.measuredBytes <= entry.budgetBytes;
  rows.push(row);
}
await rm(workDir, { recursive: true, force: true });

if (process.argv.includes('--json')) {
  console.log(JSON.stringify(rows, null, 2));
} else {
  const kb = (n) => `${(n / 1024).toFixed(2)} KB`;
  for (const r of rows) {
    const detail =
      r.baselineGzipBytes === undefined
        ? `${kb(r.ownMinBytes)} min`
        : `total ${kb(r.totalGzipBytes)} - baseline ${kb(r.baselineGzipBytes)}; own code alone ${kb(r.ownGzipBytes)}`;
    console.log(
      `${r.ok ? 'ok  ' : 'OVER'} ${r.name}: ${kb(r.measuredBytes)} / ${kb(r.budgetBytes)} budget (${detail})`,
    );
  }
}
if (without.length > 0) {
  console.log(`(what-if: ${without.join(', ')} left out of every entry; budgets not enforced)`);
} else if (rows.some((r) => !r.ok)) {
  console.error(
    'size: an entry is over its budget (size-budgets.json). Trim the entry or, with a reason, raise the budget.',
  );
  process.exit(1);
}
