import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { storeKeys, writeToStoreFolder } from '../src/index.js';

const contentHash = `sha256:${'c'.repeat(64)}` as const;
let store: string | undefined;
afterEach(async () => {
  if (store) await rm(store, { recursive: true, force: true });
});

describe('writeToStoreFolder', () => {
  it('writes the bundle and its signature under the hash the runner reads, leaving no temporary file', async () => {
    store = await mkdtemp(join(tmpdir(), 'extsys-store-'));
    const bytes = new TextEncoder().encode('bundle bytes');
    const written = await writeToStoreFolder(store, { contentHash, bytes }, 'signature text');
    const keys = storeKeys(contentHash);
    expect(written).toEqual({ bundle: join(store, keys.bundle), signature: join(store, keys.signature) });
    expect(await readFile(written.bundle, 'utf8')).toBe('bundle bytes');
    expect(await readFile(written.signature!, 'utf8')).toBe('signature text');
    expect((await readdir(join(store, 'sha256'))).sort()).toEqual([
      `${'c'.repeat(64)}.bundle`,
      `${'c'.repeat(64)}.bundle.sig`,
    ]);
  });

  it('writes no signature file when none is given (a store a runner with REQUIRE_SIGNATURES=false reads)', async () => {
    store = await mkdtemp(join(tmpdir(), 'extsys-store-'));
    const written = await writeToStoreFolder(store, { contentHash, bytes: new Uint8Array([1, 2, 3]) });
    expect(written.signature).toBeUndefined();
    expect(await readdir(join(store, 'sha256'))).toEqual([`${'c'.repeat(64)}.bundle`]);
  });
});
