// pack and a js@1 handler's contract: the manifest's api.endpoints must declare exactly its routes.
import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildHandler, BundleError, packBundle, readBundle } from '../src/index.js';
import { tempDir, writeTree } from './fixture.js';

const here = dirname(fileURLToPath(import.meta.url));
const CLI = resolve(here, '../dist/cli.js');
let builtModule: string;

beforeAll(async () => {
  const dir = await tempDir();
  const built = await buildHandler(join(here, 'fixtures/js-handler/src/handler.ts'), { out: join(dir, 'handler.js') });
  builtModule = await readFile(built.outFile, 'utf8');
});

const GET_COUNTER = { method: 'GET', path: '/counter', handler: 'getCounter' };
const ECHO = { method: 'POST', path: '/echo', handler: 'echo' };

async function extension(endpoints: object[], module = builtModule): Promise<string> {
  const manifest = {
    manifestVersion: 2,
    name: 'com.acme.counter',
    publisher: 'Acme',
    version: '1.0.0',
    runtime: 'js@1',
    capabilities: ['storage.kv'],
    api: { module: 'handler/handler.js', endpoints },
  };
  return writeTree(await tempDir(), { 'manifest.json': JSON.stringify(manifest), 'handler/handler.js': module });
}

async function refusal(dir: string): Promise<BundleError> {
  const error = await packBundle(dir).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BundleError);
  return error as BundleError;
}

describe('pack, js@1 handler built with a contract', () => {
  it('packs when api.endpoints declares exactly the contract routes (in any order)', async () => {
    const packed = await packBundle(await extension([ECHO, GET_COUNTER]));
    expect(packed.warnings).toEqual([]);
    expect(readBundle(packed.bytes).files.map((file) => file.path)).toEqual(['handler/handler.js', 'manifest.json']);
  });

  it('refuses a contract endpoint the manifest does not declare, giving the line to add', async () => {
    const error = await refusal(await extension([GET_COUNTER]));
    expect(error.code).toBe('manifest_invalid');
    expect(error.message).toMatch(
      /manifest\.json: api\.endpoints and the contract of handler\/handler\.js disagree: contract endpoint "echo" \(POST \/echo\) is not declared in api\.endpoints: add \{"method":"POST","path":"\/echo","handler":"echo"\}$/,
    );
  });

  it('refuses an endpoint declared with another method or path, saying what the contract serves', async () => {
    const error = await refusal(await extension([GET_COUNTER, { ...ECHO, method: 'PUT' }]));
    expect(error.message).toContain(
      'api.endpoints[1] (PUT /echo, handler "echo"): the contract serves "echo" at POST /echo; declare it as {"method":"POST","path":"/echo","handler":"echo"}',
    );
    const path = await refusal(await extension([{ ...GET_COUNTER, path: '/count' }, ECHO]));
    expect(path.message).toContain('the contract serves "getCounter" at GET /counter');
  });

  it('refuses an endpoint the contract lacks', async () => {
    const error = await refusal(await extension([GET_COUNTER, ECHO, { method: 'GET', path: '/old', handler: 'old' }]));
    expect(error.message).toContain(
      `api.endpoints[2] (GET /old, handler "old") is not in the handler's contract: remove it, or add "old" to the contract`,
    );
  });

  it('lists every mismatch in issues, the first in the message', async () => {
    const error = await refusal(
      await extension([
        { ...ECHO, path: '/say' },
        { method: 'GET', path: '/old', handler: 'old' },
      ]),
    );
    expect(error.issues).toHaveLength(3);
    expect(error.message).toMatch(/ \(and 2 more\)$/);
  });

  it('the CLI prints the mismatch on one line with its code', async () => {
    const dir = await extension([GET_COUNTER]);
    const result = spawnSync(process.execPath, [CLI, 'pack', dir, '--out', join(dir, 'x.tar')], { encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(
      /^extsys-bundle pack: .*contract endpoint "echo" \(POST \/echo\) is not declared.* \[manifest_invalid\]\n$/,
    );
  });
});

describe('pack, other js@1 modules', () => {
  it('packs a hand-written module without a contract (nothing to compare)', async () => {
    const module = 'export function handle(request, body) { return { header: \'{"status":204,"headers":{}}\' }; }\n';
    await expect(packBundle(await extension([GET_COUNTER], module))).resolves.toMatchObject({
      manifest: { runtime: 'js@1' },
    });
  });

  it('packs, with a warning, a module the runner will refuse (no handle export, an import): build-handler is the gate', async () => {
    const noHandle = await packBundle(await extension([GET_COUNTER], 'export const x = 1;\n'));
    expect(noHandle.warnings).toEqual([
      'handler/handler.js: does not export a "handle" function (js-abi-v1); end the entry with: export const handle = serve(contract, implementations); the runner will refuse it (module_invalid)',
    ]);
    const imports = await packBundle(
      await extension([GET_COUNTER], "import { x } from './x.js';\nexport const handle = x;\n"),
    );
    expect(imports.warnings[0]).toContain('handler/handler.js: imports "./x.js"; a js@1 module must be self-contained');
    const dir = await extension([GET_COUNTER], 'export function handle( {');
    const result = spawnSync(process.execPath, [CLI, 'pack', dir, '--out', join(dir, 'x.tar')], { encoding: 'utf8' });
    expect(result.status).toBe(0);
    expect(result.stderr).toMatch(
      /\nwarning: handler\/handler\.js: is not a JavaScript module: .* the runner will refuse it \(module_invalid\)\n$/,
    );
  });
});
