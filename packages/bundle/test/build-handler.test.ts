// extsys-bundle build-handler: the built dist/cli.js on a small TypeScript handler.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { SourceMap, type SourceMapPayload } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from './fixture.js';

const here = dirname(fileURLToPath(import.meta.url));
const CLI = resolve(here, '../dist/cli.js');
const ENTRY = join(here, 'fixtures/js-handler/src/handler.ts');

function run(cwd: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A one-line failure of build-handler; answers that line. */
function failure(result: ReturnType<typeof run>): string {
  expect(result.code).toBe(1);
  const lines = result.stderr.split('\n').filter(Boolean);
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^extsys-bundle build-handler: .* \[module_invalid\]$/);
  return lines[0]!;
}

/** Writes an entry into `work`, where the workspace's packages resolve through a node_modules link. */
async function entry(work: string, name: string, source: string): Promise<string> {
  if (!existsSync(join(work, 'node_modules')))
    await symlink(resolve(here, '../../../node_modules'), join(work, 'node_modules'));
  const file = join(work, 'src', `${name}.ts`);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, source);
  return file;
}

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first`);
});

describe('extsys-bundle build-handler', () => {
  it('writes one self-contained ES module and its source map to handler/handler.js by default', async () => {
    const work = await tempDir();
    const result = run(work, 'build-handler', ENTRY);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${join(work, 'handler/handler.js')}\n`);
    expect(result.stderr).toMatch(
      /^built \d+\.\d KiB \+ \d+\.\d KiB source map; 2 endpoint\(s\): getCounter GET \/counter, echo POST \/echo\n$/,
    );
    const code = await readFile(join(work, 'handler/handler.js'), 'utf8');
    expect(code).not.toMatch(/^\s*import[\s{*]|\bimport\s*\(|\brequire\s*\(/m); // nothing left to load
    expect(code).toMatch(/^export \{[^}]*\bhandle\b[^}]*\};$/m);
    expect(code).not.toMatch(/\binterface\b|: Stored/); // TypeScript compiled away
    expect(code.trimEnd().split('\n').at(-1)).toBe('//# sourceMappingURL=handler.js.map');

    const map = JSON.parse(await readFile(join(work, 'handler/handler.js.map'), 'utf8')) as SourceMapPayload;
    const author = map.sources.findIndex((source) => source.endsWith('fixtures/js-handler/src/handler.ts'));
    expect(author).toBeGreaterThanOrEqual(0);
    expect(map.sourcesContent?.[author]).toContain('interface Stored');
    // A stack trace position in handler.js maps back to the author's file and line.
    const lines = code.split('\n');
    const line = lines.findIndex((text) => text.includes('"no booms"'));
    const column = lines[line]!.indexOf('throw');
    const origin = new SourceMap(map).findEntry(line, column) as { originalSource?: string; originalLine?: number };
    const source = await readFile(ENTRY, 'utf8');
    const expectedLine = source.split('\n').findIndex((text) => text.includes('marker: echo-refusal'));
    expect(origin.originalSource).toMatch(/fixtures\/js-handler\/src\/handler\.ts$/);
    expect(origin.originalLine).toBe(expectedLine);
  });

  it('--out names the module; --minify makes it smaller and it still loads', async () => {
    const work = await tempDir();
    expect(run(work, 'build-handler', ENTRY, '--out', 'out/plain.js').code).toBe(0);
    expect(run(work, 'build-handler', ENTRY, '--out', 'out/small.js', '--minify').code).toBe(0);
    const plain = await readFile(join(work, 'out/plain.js'));
    const small = await readFile(join(work, 'out/small.js'));
    expect(small.byteLength).toBeLessThan(plain.byteLength * 0.8);
    expect(existsSync(join(work, 'out/small.js.map'))).toBe(true);
  });

  it('refuses a Node import, naming the file and line, and writes nothing', async () => {
    const work = await tempDir();
    const file = await entry(
      work,
      'node-import',
      "import { readFileSync } from 'node:fs';\nexport const handle = () => readFileSync('x');\n",
    );
    const line = failure(run(work, 'build-handler', file));
    expect(line).toContain('src/node-import.ts:1:');
    expect(line).toContain('"node:fs"');
    expect(line).toContain('the js@1 runtime has no Node APIs');
    expect(existsSync(join(work, 'handler'))).toBe(false);
  });

  it('refuses a module that does not export handle', async () => {
    const work = await tempDir();
    const file = await entry(work, 'no-handle', 'export const hello = () => 1;\n');
    expect(failure(run(work, 'build-handler', file))).toContain('does not export a "handle" function');
  });

  it('refuses a module that needs what the runtime lacks when it loads (no timers, no TextEncoder)', async () => {
    const work = await tempDir();
    const timers = await entry(
      work,
      'timers',
      'setTimeout(() => undefined, 1);\nexport const handle = () => ({ header: "{}" });\n',
    );
    expect(failure(run(work, 'build-handler', timers))).toContain(
      'evaluating the module failed: ReferenceError: setTimeout is not defined',
    );
    const encoder = await entry(
      work,
      'encoder',
      'const e = new TextEncoder();\nexport const handle = () => ({ header: "{}", body: e.encode("") });\n',
    );
    expect(failure(run(work, 'build-handler', encoder))).toContain('TextEncoder is not defined');
  });

  it('refuses a contract the manifest could not declare, with its message', async () => {
    const work = await tempDir();
    const file = await entry(
      work,
      'bad-contract',
      "import * as z from 'zod/mini';\nimport { defineContract, serve } from '@extsys/handler-js';\n" +
        "const contract = defineContract({ get: { method: 'GET', path: '/a/../b', response: z.unknown() } });\n" +
        'export const handle = serve(contract, { get: () => 1 });\n',
    );
    expect(failure(run(work, 'build-handler', file))).toContain(
      'ContractError: contract endpoint "get": path "/a/../b" must be',
    );
  });

  it('refuses an --out that is not a .js file (usage of the wrong runtime)', async () => {
    const work = await tempDir();
    expect(failure(run(work, 'build-handler', ENTRY, '--out', 'handler/handler.wasm'))).toContain('must be a .js file');
  });
});
