import { chmod, mkdir, symlink, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BundleError, packBundle, readBundle } from '../src/index.js';
import { FILES, makeExtension, tempDir, writeTree } from './fixture.js';

async function refusal(promise: Promise<unknown>): Promise<BundleError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BundleError);
  return error as BundleError;
}

describe('packBundle', () => {
  it('packs manifest, UI folder, handler module and assets, and nothing else', async () => {
    const dir = await makeExtension({ extra: { 'README.md': 'not bundled', 'src/handler.ts': 'not bundled' } });
    const packed = await packBundle(dir);
    expect(packed.files.map((f) => f.path)).toEqual([
      'assets/logo.svg',
      'handler/handler.wasm',
      'manifest.json',
      'ui/app.js',
      'ui/index.html',
      'ui/lib/sdk.js',
      'ui/styles/app.css',
    ]);
    expect(packed.contentHash).toMatch(/^sha256:[0-9a-f]{64}$/);
    const bundle = readBundle(packed.bytes);
    expect(bundle.contentHash).toBe(packed.contentHash);
    expect(bundle.manifest.name).toBe('com.acme.hello');
    const wasm = bundle.files.find((f) => f.path === 'handler/handler.wasm');
    expect(Buffer.from(wasm!.data)).toEqual(Buffer.from(FILES['handler/handler.wasm']!));
  });

  it('gives the same hash for the same tree packed from two folders with different times, modes and creation order', async () => {
    const first = await writeTree(await tempDir('first-'));
    const reversed = Object.fromEntries(Object.entries(FILES).reverse());
    const second = await writeTree(await tempDir('second-'), reversed);
    await utimes(join(second, 'ui/app.js'), new Date('2031-05-05'), new Date('2031-05-05'));
    await utimes(join(second, 'manifest.json'), new Date('1999-01-01'), new Date('1999-01-01'));
    await chmod(join(second, 'handler/handler.wasm'), 0o755);
    await chmod(join(second, 'ui/index.html'), 0o600);

    const [a, b] = await Promise.all([packBundle(first), packBundle(second)]);
    expect(b.contentHash).toBe(a.contentHash);
    expect(Buffer.from(b.bytes).equals(Buffer.from(a.bytes))).toBe(true);
  });

  it('gives a different hash when one byte of one file changes', async () => {
    const a = await packBundle(await makeExtension());
    const b = await packBundle(await makeExtension({ extra: { 'ui/app.js': `${String(FILES['ui/app.js'])} ` } }));
    expect(b.contentHash).not.toBe(a.contentHash);
  });

  it('reports progress for every file', async () => {
    const seen: string[] = [];
    await packBundle(await makeExtension(), { onProgress: (p) => seen.push(`${p.done}/${p.total} ${p.path}`) });
    expect(seen).toHaveLength(7);
    expect(seen[6]).toBe('7/7 ui/styles/app.css');
  });
});

describe('packBundle refuses', () => {
  it('a symbolic link inside the UI folder, naming it', async () => {
    const dir = await makeExtension();
    await symlink('/etc/passwd', join(dir, 'ui/passwd.txt'));
    const error = await refusal(packBundle(dir));
    expect(error.code).toBe('bundle_invalid');
    expect(error.message).toBe(
      'ui/passwd.txt: is a symbolic link; bundles hold only regular files (copy the target in instead)',
    );
  });

  it('a UI folder or module path that goes through a symbolic link', async () => {
    const dir = await makeExtension();
    const elsewhere = await tempDir();
    await writeTree(elsewhere, { 'handler.wasm': FILES['handler/handler.wasm']! });
    await writeFile(
      join(dir, 'manifest.json'),
      JSON.stringify({
        ...JSON.parse(String(FILES['manifest.json'])),
        api: { module: 'linked/handler.wasm', endpoints: [{ method: 'GET', path: '/x', handler: 'x' }] },
      }),
    );
    await symlink(elsewhere, join(dir, 'linked'));
    const error = await refusal(packBundle(dir));
    expect(error.code).toBe('bundle_invalid');
    expect(error.message).toMatch(/^linked: is a symbolic link/);
  });

  it('a module path with ".." (manifest_invalid naming api.module)', async () => {
    const dir = await makeExtension({
      manifest: { api: { module: '../handler.wasm', endpoints: [{ method: 'GET', path: '/x', handler: 'x' }] } },
    });
    const error = await refusal(packBundle(dir));
    expect(error.code).toBe('manifest_invalid');
    expect(error.message).toContain('api.module: must be a relative path inside the bundle');
    expect(error.message).toContain('got "../handler.wasm"');
  });

  it('an absolute asset path (manifest_invalid naming assets[0])', async () => {
    const error = await refusal(packBundle(await makeExtension({ manifest: { assets: ['/etc/passwd'] } })));
    expect(error.code).toBe('manifest_invalid');
    expect(error.message).toContain('assets[0]: must be a relative path inside the bundle');
  });

  it('a hidden file, naming it', async () => {
    const error = await refusal(packBundle(await makeExtension({ extra: { 'ui/.env': 'SECRET=1' } })));
    expect(error.code).toBe('path_invalid');
    expect(error.message).toBe('ui/.env: hidden files are not bundled; delete it or rename it');
  });

  it('a file over the per-file cap, naming it', async () => {
    const dir = await makeExtension({ extra: { 'ui/big.bin': new Uint8Array(5000) } });
    const error = await refusal(packBundle(dir, { limits: { maxFileBytes: 4096 } }));
    expect(error.code).toBe('bundle_too_large');
    expect(error.message).toBe('ui/big.bin: 4.9 KiB is over the 4.0 KiB per-file limit');
  });

  it('a bundle over the total cap, naming the file that crosses it', async () => {
    const dir = await makeExtension({ extra: { 'ui/a.bin': new Uint8Array(3000), 'ui/b.bin': new Uint8Array(3000) } });
    // In path order the archive is 9 KiB before ui/b.bin and 12.5 KiB with it.
    const error = await refusal(packBundle(dir, { limits: { maxBundleBytes: 12_000 } }));
    expect(error.code).toBe('bundle_too_large');
    expect(error.message).toBe(
      'ui/b.bin: the bundle goes over the 11.7 KiB limit at this file (all 9 files make 15.5 KiB with archive headers)',
    );
  });

  it('more files than the file-count cap', async () => {
    const error = await refusal(packBundle(await makeExtension(), { limits: { maxFiles: 5 } }));
    expect(error.code).toBe('bundle_too_large');
    expect(error.message).toMatch(/: the bundle would hold more than 5 files$/);
  });

  it('an invalid manifest, naming the field', async () => {
    const error = await refusal(packBundle(await makeExtension({ manifest: { version: 'one', runtim: 'x' } })));
    expect(error.code).toBe('manifest_invalid');
    expect(error.message).toMatch(/manifest\.json: /);
    expect(error.issues).toContain('version: must be a semantic version such as "1.2.3", got "one"');
    expect(error.issues).toContain('runtim: is not a known field');
  });

  it('a manifest that is not JSON', async () => {
    const dir = await makeExtension({ extra: { 'manifest.json': '{ "name": ' } });
    const error = await refusal(packBundle(dir));
    expect(error.code).toBe('manifest_invalid');
    expect(error.message).toMatch(/manifest\.json: not valid UTF-8 JSON/);
  });

  it('a folder without manifest.json', async () => {
    const dir = await tempDir();
    const error = await refusal(packBundle(dir));
    expect(error.code).toBe('bundle_invalid');
    expect(error.message).toBe(`${join(dir, 'manifest.json')}: not found; an extension folder needs a manifest.json`);
  });

  it('a handler module that does not exist', async () => {
    const dir = await makeExtension();
    await writeTree(dir, {
      'manifest.json': String(FILES['manifest.json']).replace('handler/handler.wasm', 'handler/missing.wasm'),
    });
    const error = await refusal(packBundle(dir));
    expect(error.code).toBe('bundle_invalid');
    expect(error.message).toBe(`handler/missing.wasm: named by api.module but not found in ${dir}`);
  });

  it('a UI entry at the top level (pack would not know which folder is the UI)', async () => {
    const dir = await makeExtension({ manifest: { ui: { type: 'iframe', entry: 'index.html' } } });
    const error = await refusal(packBundle(dir));
    expect(error.code).toBe('manifest_invalid');
    expect(error.message).toContain('ui.entry: must be inside the UI folder, such as "ui/index.html"');
  });

  it('a file name a bundle path cannot hold', async () => {
    const dir = await makeExtension();
    await mkdir(join(dir, 'ui/img'));
    await writeFile(join(dir, 'ui/img/100%.png'), 'x');
    const error = await refusal(packBundle(dir));
    expect(error.code).toBe('path_invalid');
    expect(error.message).toBe(
      'ui/img/100%.png: cannot be bundled, the path contains "%" (bundle paths are not URL-encoded)',
    );
  });
});
