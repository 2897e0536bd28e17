import { execFileSync } from 'node:child_process';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pack as tarPack, extract as tarExtract, type Header } from 'tar-stream';
import { describe, expect, it } from 'vitest';
import {
  BundleError,
  DEFAULT_LIMITS,
  extractBundle,
  hashBundle,
  packBundle,
  readArchive,
  writeArchive,
} from '../src/index.js';
import { FILES, makeExtension, tempDir } from './fixture.js';

const encoder = new TextEncoder();

/** Builds a tar with tar-stream (an independent writer): how an attacker would craft one. */
async function craftTar(entries: { header: Partial<Header> & { name: string }; data?: string | Uint8Array }[]) {
  const archive = tarPack();
  const chunks: Buffer[] = [];
  archive.on('data', (chunk: unknown) => chunks.push(chunk as Buffer));
  const done = new Promise<void>((resolve) => archive.on('end', () => resolve()));
  for (const { header, data } of entries) {
    await new Promise<void>((resolve, reject) => {
      const defaults = { mtime: new Date(0), mode: 0o644, uid: 0, gid: 0 };
      const callback = (error?: Error | null) => (error ? reject(error) : resolve());
      if (data === undefined) archive.entry({ ...defaults, ...header }, callback);
      else archive.entry({ ...defaults, ...header }, Buffer.from(data), callback);
    });
  }
  archive.finalize();
  await done;
  return new Uint8Array(Buffer.concat(chunks));
}

const manifestEntry = { header: { name: 'manifest.json' }, data: String(FILES['manifest.json']) };

async function refusedExtraction(bytes: Uint8Array, limits = {}) {
  const parent = await tempDir();
  const dest = join(parent, 'cache', 'sha256-x');
  const error = await extractBundle(bytes, dest, { limits }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BundleError);
  // nothing written: no destination, no temporary folder, nothing beside it
  const left = await readdir(parent, { recursive: true });
  expect(left.filter((path) => path !== 'cache')).toEqual([]);
  return error as BundleError;
}

describe('extractBundle', () => {
  it('writes every file of a packed bundle and returns it parsed', async () => {
    const packed = await packBundle(await makeExtension());
    const dest = join(await tempDir(), 'out');
    const bundle = await extractBundle(packed.bytes, dest);
    expect(bundle.contentHash).toBe(packed.contentHash);
    expect((await readdir(dest, { recursive: true })).sort()).toEqual([
      'assets',
      'assets/logo.svg',
      'handler',
      'handler/handler.wasm',
      'manifest.json',
      'ui',
      'ui/app.js',
      'ui/index.html',
      'ui/lib',
      'ui/lib/sdk.js',
      'ui/styles',
      'ui/styles/app.css',
    ]);
    expect(await readFile(join(dest, 'ui/app.js'), 'utf8')).toBe(FILES['ui/app.js']);
    expect((await stat(join(dest, 'handler/handler.wasm'))).mode & 0o777).toBe(0o644);
  });

  it.each([
    ['an entry "../evil"', { name: '../evil' }, 'entry "../evil": the path has a hidden or "." / ".." segment'],
    ['an absolute path', { name: '/etc/cron.d/evil' }, 'entry "/etc/cron.d/evil": the path is absolute'],
    ['a nested traversal', { name: 'ui/../../evil' }, 'entry "ui/../../evil": the path has a hidden or'],
    [
      'a symbolic link',
      { name: 'ui/link', type: 'symlink', linkname: '/etc/passwd' },
      'entry "ui/link": is a symbolic link',
    ],
    ['a hard link', { name: 'ui/hard', type: 'link', linkname: 'manifest.json' }, 'entry "ui/hard": is a hard link'],
    ['a directory', { name: 'ui', type: 'directory' }, 'entry "ui": is a directory'],
    ['a device', { name: 'ui/dev', type: 'character-device' }, 'entry "ui/dev": is a character device'],
    ['a backslash path', { name: 'ui\\..\\..\\evil' }, 'contains a backslash'],
  ] as const)('refuses %s and leaves nothing on disk', async (_, header, message) => {
    const data = 'type' in header ? undefined : 'evil';
    const bytes = await craftTar([{ header: header, ...(data === undefined ? {} : { data }) }, manifestEntry]);
    const error = await refusedExtraction(bytes);
    expect(error.code).toBe('bundle_invalid');
    expect(error.message).toContain(message);
  });

  it('refuses a "../" path split across the ustar prefix and name fields', async () => {
    const name = `${'../'.repeat(40)}evil`;
    const error = await refusedExtraction(await craftTar([{ header: { name }, data: 'evil' }, manifestEntry]));
    expect(error.code).toBe('bundle_invalid');
    expect(error.message).toBe(
      `entry "${name}": the path has a hidden or "." / ".." segment; bundle entries must be relative paths inside the bundle`,
    );
  });

  it('refuses a pax extended header (which could carry any path)', async () => {
    const name = `ui/${'x'.repeat(120)}.js`; // no "/" to split at: tar-stream falls back to pax
    const error = await refusedExtraction(await craftTar([{ header: { name }, data: 'x' }, manifestEntry]));
    expect(error.code).toBe('bundle_invalid');
    expect(error.message).toBe('entry "PaxHeader": is a pax extended header; bundles hold only regular files');
  });

  it('refuses an entry over the per-file cap before reading it', async () => {
    const bytes = await craftTar([{ header: { name: 'ui/big.js' }, data: new Uint8Array(10_000) }, manifestEntry]);
    const error = await refusedExtraction(bytes, { maxFileBytes: 4096 });
    expect(error.code).toBe('bundle_too_large');
    expect(error.message).toBe('entry "ui/big.js": 9.8 KiB is over the 4.0 KiB per-file limit');
  });

  it('refuses an archive over the bundle cap', async () => {
    const { bytes } = await packBundle(await makeExtension());
    const error = await refusedExtraction(bytes, { maxBundleBytes: 4096 });
    expect(error.code).toBe('bundle_too_large');
    expect(error.message).toBe(`bundle is ${(bytes.byteLength / 1024).toFixed(1)} KiB, over the 4.0 KiB limit`);
  });

  it('refuses a truncated archive and one with a header changed after packing', async () => {
    const { bytes } = await packBundle(await makeExtension());
    let error = await refusedExtraction(bytes.subarray(0, bytes.byteLength - 1024));
    expect(error.message).toBe('bundle ends without the end-of-archive marker (truncated?)');

    const tampered = Uint8Array.from(bytes);
    tampered.set(encoder.encode('0000755'), 100); // mode field of the first header
    error = await refusedExtraction(tampered);
    expect(error.message).toContain('header checksum mismatch');
  });

  it('refuses headers that differ from the canonical ones (tar-stream writes its own octal style)', async () => {
    const error = await refusedExtraction(await craftTar([manifestEntry]));
    expect(error.code).toBe('bundle_invalid');
    expect(error.message).toBe(
      'entry "manifest.json": header is not canonical (mode, owner, time or format fields differ); repack with extsys-bundle pack',
    );
  });

  it('refuses a path that is both a file and a folder before writing anything', () => {
    expect(() =>
      writeArchive([
        { path: 'ui', data: new Uint8Array(1) },
        { path: 'ui/a.js', data: new Uint8Array(1) },
      ]),
    ).toThrow('cannot archive "ui/a.js": "ui" is a file');
  });

  it('removes the partial folder when writing fails midway', async () => {
    const { bytes } = await packBundle(await makeExtension());
    const parent = await tempDir();
    const dest = join(parent, 'out');
    const failing = extractBundle(bytes, dest, {
      onProgress: ({ done }) => {
        if (done === 3) throw new Error('disk full');
      },
    });
    await expect(failing).rejects.toThrow('disk full');
    expect(await readdir(parent)).toEqual([]);
  });

  it('lets exactly one of two concurrent extractions to the same folder win', async () => {
    const { bytes } = await packBundle(await makeExtension());
    const parent = await tempDir();
    const results = await Promise.allSettled([
      extractBundle(bytes, join(parent, 'out')),
      extractBundle(bytes, join(parent, 'out')),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const failure = results.find((r) => r.status === 'rejected')!;
    expect((failure.reason as BundleError).code).toBe('conflict');
    expect(await readdir(parent)).toEqual(['out']);
    expect((await stat(join(parent, 'out'))).mode & 0o777).toBe(0o755);
  });

  it('never replaces an existing folder', async () => {
    const { bytes } = await packBundle(await makeExtension());
    const parent = await tempDir();
    await mkdir(join(parent, 'out'));
    await writeFile(join(parent, 'out', 'keep'), 'x');
    const error = await extractBundle(bytes, join(parent, 'out')).catch((e: unknown) => e as BundleError);
    expect(error).toBeInstanceOf(BundleError);
    expect((error as BundleError).code).toBe('conflict');
    expect(await readdir(parent)).toEqual(['out']);
    expect(await readdir(join(parent, 'out'))).toEqual(['keep']);
  });
});

describe('the archive format', () => {
  it('is plain ustar that other readers list with the same paths and sizes', async () => {
    const { bytes, files } = await packBundle(await makeExtension());
    const listed: { name: string; size: number; mode: number; uid: number; mtime: number }[] = [];
    const reader = tarExtract();
    reader.end(Buffer.from(bytes));
    for await (const entry of reader) {
      const { name, size, mode, uid, mtime } = entry.header;
      listed.push({ name, size, mode, uid, mtime: mtime.getTime() });
      entry.resume();
    }
    expect(listed).toEqual(files.map(({ path, size }) => ({ name: path, size, mode: 0o644, uid: 0, mtime: 0 })));
    const dir = await tempDir();
    const file = join(dir, 'b.tar');
    await writeFile(file, bytes);
    expect(execFileSync('tar', ['-tf', file], { encoding: 'utf8' }).trim().split('\n')).toEqual(
      files.map((f) => f.path),
    );
  });

  it('is pinned: these entries always make these bytes (changing it changes every content hash)', () => {
    const bytes = writeArchive([
      { path: 'ui/index.html', data: encoder.encode('<!doctype html>\n') },
      { path: 'manifest.json', data: encoder.encode('{}\n') },
      { path: `ui/${'d'.repeat(120)}/${'f'.repeat(90)}.js`, data: new Uint8Array(513) },
    ]);
    expect(bytes.byteLength).toBe(3 * 512 + 4 * 512 + 1024); // headers, data blocks, end marker
    expect(hashBundle(bytes)).toBe('sha256:cdb7428c7d3d141459ce72d83a092de42003d7aa3492dfbdca9695510e5a8fb2');
    expect(readArchive(bytes, DEFAULT_LIMITS).map((entry) => [entry.path, entry.data.byteLength])).toEqual([
      ['manifest.json', 3],
      [`ui/${'d'.repeat(120)}/${'f'.repeat(90)}.js`, 513],
      ['ui/index.html', 16],
    ]);
  });
});
