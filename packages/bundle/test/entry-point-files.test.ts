// Entry points whose path names a file (`/modal.html`) need that file in the UI folder; paths
// without a file extension are client-side routes the UI entry serves (#15).
import { describe, expect, it } from 'vitest';
import { BundleError, packBundle } from '../src/index.js';
import { checkManifestFiles, entryPointFile, parseManifest } from '../src/manifest.js';
import { MANIFEST, makeExtension } from './fixture.js';

const ENTRY_POINTS = [
  { id: 'main', target: 'page', path: '/', label: 'Hello' },
  { id: 'customer', target: 'panel', path: '/panel/customer', label: 'Customer' },
  { id: 'pick', target: 'modal', path: '/modal.html', label: 'Pick' },
];
const withEntryPoints = (entryPoints: unknown) => ({
  ui: { type: 'iframe', entry: 'ui/index.html', entryPoints },
});

describe('entryPointFile', () => {
  it('maps a path with a file extension into the UI folder, and a route to nothing', () => {
    const ui = { entry: 'ui/index.html' };
    expect(entryPointFile(ui, '/modal.html')).toBe('ui/modal.html');
    expect(entryPointFile(ui, '/dialogs/pick.html?mode=one')).toBe('ui/dialogs/pick.html');
    expect(entryPointFile(ui, '/my%20page.html')).toBe('ui/my page.html');
    expect(entryPointFile(ui, '/')).toBeUndefined();
    expect(entryPointFile(ui, '/panel/customer')).toBeUndefined();
    expect(entryPointFile(ui, '/v1.2/panel')).toBeUndefined();
    expect(entryPointFile({ entry: 'app/ui/index.html' }, '/pick.html')).toBe('app/ui/pick.html');
  });
});

describe('packBundle and the entry points’ files', () => {
  it('packs a manifest whose entry points name existing files and client-side routes', async () => {
    const dir = await makeExtension({
      manifest: withEntryPoints(ENTRY_POINTS),
      extra: { 'ui/modal.html': '<!doctype html><title>Pick</title>\n' },
    });
    const packed = await packBundle(dir);
    expect(packed.files.map((f) => f.path)).toContain('ui/modal.html');
  });

  it('refuses an entry point naming a file the UI folder lacks, naming the entry point and the file', async () => {
    const dir = await makeExtension({ manifest: withEntryPoints(ENTRY_POINTS) });
    const error = await packBundle(dir).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(BundleError);
    expect((error as BundleError).code).toBe('bundle_invalid');
    expect((error as BundleError).message).toBe(
      `${dir}: ui.entryPoints[2] ("pick") has path "/modal.html", so the UI folder must hold "ui/modal.html", which is not in the bundle; add that file, or use a path without a file extension for a client-side route served by ui/index.html`,
    );
  });
});

describe('checkManifestFiles (what reading a bundle checks too)', () => {
  const manifest = parseManifest(
    new TextEncoder().encode(JSON.stringify({ ...MANIFEST, ...withEntryPoints(ENTRY_POINTS) })),
  );
  const base = ['manifest.json', 'ui/index.html', 'handler/handler.wasm', 'assets/logo.svg'];

  it('accepts the bundle with the file', () => {
    expect(() => checkManifestFiles(manifest, new Set([...base, 'ui/modal.html']), 'bundle')).not.toThrow();
  });

  it('refuses the bundle without it (a file outside the UI folder does not count)', () => {
    expect(() => checkManifestFiles(manifest, new Set([...base, 'modal.html']), 'bundle')).toThrow(
      /^bundle: ui\.entryPoints\[2\] \("pick"\) has path "\/modal\.html", so the UI folder must hold "ui\/modal\.html"/,
    );
  });
});
