// uiHashOf: the identity of a bundle's UI (manifest `ui` section + UI folder files), equal across
// versions that change only what is outside the UI folder.
import { describe, expect, it } from 'vitest';
import type { Manifest } from '@extsys/protocol';
import { uiHashOf } from '../src/index.js';

const manifest = (change: Partial<Manifest> = {}): Manifest => ({
  manifestVersion: 2,
  name: 'com.acme.paged',
  publisher: 'Acme',
  version: '1.0.0',
  runtime: 'js@1',
  capabilities: [],
  api: { module: 'handler/handler.js', endpoints: [{ method: 'GET', path: '/x', handler: 'x' }] },
  ui: { type: 'iframe', entry: 'ui/index.html', initialHeight: 320, sandbox: [], hostFeatures: [] },
  ...change,
});

const file = (path: string, text: string) => ({ path, data: new TextEncoder().encode(text) });
const files = [
  file('manifest.json', '{}'),
  file('handler/handler.js', 'export function handle() {}'),
  file('ui/index.html', '<p>one</p>'),
  file('ui/assets/app.js', 'console.log(1)'),
];

describe('uiHashOf', () => {
  it('ignores everything outside the UI folder: the handler, the manifest besides `ui`', () => {
    const hash = uiHashOf(manifest(), files);
    expect(hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    const handlerChanged = files.map((f) => (f.path.startsWith('handler/') ? file(f.path, 'changed') : f));
    expect(uiHashOf(manifest({ version: '1.0.1', capabilities: ['log'] }), handlerChanged)).toBe(hash);
    expect(uiHashOf(manifest(), [...files].reverse())).toBe(hash);
  });

  it('changes with any UI file (bytes, name, one more) and with the manifest’s `ui` section', () => {
    const hash = uiHashOf(manifest(), files);
    expect(uiHashOf(manifest(), [...files.slice(0, 3), file('ui/assets/app.js', 'console.log(2)')])).not.toBe(hash);
    expect(uiHashOf(manifest(), [...files.slice(0, 3), file('ui/assets/app2.js', 'console.log(1)')])).not.toBe(hash);
    expect(uiHashOf(manifest(), [...files, file('ui/extra.css', '')])).not.toBe(hash);
    const sandboxed = manifest({ ui: { ...manifest().ui!, sandbox: ['forms'] } });
    expect(uiHashOf(sandboxed, files)).not.toBe(hash);
  });

  it('is null for a bundle without a UI', () => {
    expect(uiHashOf(manifest({ ui: undefined }), files)).toBeNull();
  });
});
