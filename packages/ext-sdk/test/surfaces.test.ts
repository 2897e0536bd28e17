// Protocol 1.2 surfaces end to end with the mock host (the host bridge's own session): entry
// context, subject and visibility, modals, view state, the dirty flag and beforeUnmount.
import { afterEach, describe, expect, it } from 'vitest';
import { ENTRY_DATA_LIMITS, type EntryContext } from '@extsys/protocol/bridge';
import type { Ext } from '../src/index.js';
import { createMemoryViewStateStore } from '../src/testing/index.js';
import { connected, waitFor } from './helpers.js';

let ext: Ext | undefined;
afterEach(() => ext?.destroy());

const PANEL: EntryContext = { target: 'panel', id: 'record-panel', subject: { type: 'customer', id: 'c-1' } };
const MODAL: EntryContext = { target: 'modal', id: 'pick', input: { q: 'ada' }, depth: 1 };

/** Reloads the bridge (a new handshake and hello, as after a lost connection) and waits for it. */
async function reconnect(r: { host: { disconnect(): void; restore(): void }; ext: Ext }) {
  r.host.disconnect();
  await waitFor(() => r.ext.state === 'lost');
  r.host.restore();
  await waitFor(() => r.ext.state === 'connected', 3000);
}

describe('entry context', () => {
  it('is the mount target: page by default, a panel with its subject, a modal with input and depth', async () => {
    const page = await connected();
    expect(page.ext.context.entry).toEqual({ target: 'page', id: 'main' });
    expect(page.ext.context.visible).toBe(true);
    page.ext.destroy();
    for (const entry of [PANEL, MODAL]) {
      const r = await connected({ entry, visible: false });
      expect(r.ext.context.entry).toEqual(entry);
      expect(r.ext.view.visible).toBe(false);
      r.ext.destroy();
    }
  });

  it('falls back to the main page, visible, with a 1.0 or 1.1 host', async () => {
    for (const max of ['1.0', '1.1']) {
      const r = await connected({ protocol: { min: '1.0', max }, entry: PANEL, visible: false });
      expect(r.host.context).not.toHaveProperty('entry');
      expect(r.ext.context.entry).toEqual({ target: 'page', id: 'main' });
      expect(r.ext.view.visible).toBe(true);
      // The 1.2 calls are refused in the page, naming the version, without a message to the host.
      for (const attempt of [r.ext.view.state.get(), r.ext.view.setDirty(true), r.ext.view.close()]) {
        await expect(attempt).rejects.toMatchObject({
          code: 'feature_not_granted',
          message: new RegExp(`protocol ${max}`),
        });
      }
      expect(r.host.calls.map((c) => c.method)).toEqual(['hello']);
      r.ext.destroy();
    }
  });

  it('a panel gets a new subject on setSubject (event and context), and keeps it across a reconnect', async () => {
    const r = await connected({ entry: PANEL });
    ext = r.ext;
    const seen: unknown[] = [];
    ext.on('subject', (s) => seen.push(s));
    const next = { type: 'customer', id: 'c-2', title: 'Grace', data: { tier: 'gold' } };
    await r.host.setSubject(next);
    expect(seen).toEqual([next]);
    expect(ext.context.entry).toEqual({ ...PANEL, subject: next });
    await expect(r.host.setSubject({ type: 'Not valid', id: '' })).rejects.toMatchObject({ code: 'validation_failed' });
    await reconnect(r);
    expect(ext.context.entry).toEqual({ ...PANEL, subject: next });
    expect(seen).toHaveLength(1); // the same subject again is not a change
  });

  it('visibility events follow setVisible, and view.visible with them', async () => {
    const r = await connected();
    ext = r.ext;
    const seen: boolean[] = [];
    ext.on('visibility', (v) => seen.push(v));
    await r.host.setVisible(false);
    await r.host.setVisible(true);
    expect(seen).toEqual([false, true]);
    expect(ext.view.visible).toBe(true);
  });
});

describe('modals', () => {
  it('openModal resolves with the value the modal closed with, undefined when dismissed', async () => {
    const r = await connected({
      modals: (request) =>
        request.entryPoint === 'pick' ? { dismissed: false, value: { id: 7 } } : { dismissed: true },
    });
    ext = r.ext;
    await expect(ext.host.openModal({ entryPoint: 'pick', context: { q: 'x' }, size: 'large' })).resolves.toEqual({
      id: 7,
    });
    await expect(ext.host.openModal({ entryPoint: 'other' })).resolves.toBeUndefined();
    expect(r.host.modals).toEqual([
      { entryPoint: 'pick', context: { q: 'x' }, size: 'large' },
      { entryPoint: 'other', size: 'medium' },
    ]);
  });

  it('openModal without the modal grant is feature_not_granted, without a round trip', async () => {
    const r = await connected({ hostFeatures: ['toast'] });
    ext = r.ext;
    await expect(ext.host.openModal({ entryPoint: 'pick' })).rejects.toMatchObject({ code: 'feature_not_granted' });
    expect(r.host.calls.map((c) => c.method)).not.toContain('openModal');
  });

  it('a modal page closes itself with a result; a non-modal page gets bad_request', async () => {
    const modal = await connected({ entry: MODAL });
    await modal.ext.view.close({ picked: 'ada' });
    expect(modal.host.closed).toBe(true);
    expect(modal.host.closedWith).toEqual({ picked: 'ada' });
    modal.ext.destroy();
    const page = await connected();
    ext = page.ext;
    await expect(ext.view.close()).rejects.toMatchObject({ code: 'bad_request', message: /opened as a modal/ });
    expect(page.host.closed).toBe(false);
  });

  it('Esc inside a modal asks the host to dismiss it, unless the page handled it; elsewhere nothing', async () => {
    const press = () => {
      const event = new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true });
      document.body.dispatchEvent(event);
      return event;
    };
    const modal = await connected({ entry: MODAL });
    ext = modal.ext;
    const handled = (event: KeyboardEvent) => event.preventDefault();
    document.addEventListener('keydown', handled, { capture: true });
    press();
    document.removeEventListener('keydown', handled, { capture: true });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(modal.host.closed).toBe(false); // the page's own popover took that one
    press();
    await waitFor(() => modal.host.closed);
    expect(modal.host.dismissed).toBe(true);
    expect(modal.host.closedWith).toBeUndefined();
    modal.ext.destroy();

    const page = await connected();
    ext = page.ext;
    press();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(page.host.calls.filter((c) => c.method === 'closeView')).toEqual([]);
    expect(page.host.refused).toEqual([]);
  });

  it('a modal cannot open another beyond maxModalDepth', async () => {
    const r = await connected({ entry: MODAL });
    ext = r.ext;
    await expect(ext.host.openModal({ entryPoint: 'pick' })).rejects.toMatchObject({ code: 'forbidden' });
  });
});

describe('view state', () => {
  it('set/get round trip with a version, per route, cleared', async () => {
    const r = await connected({ initialPath: '/orders' });
    ext = r.ext;
    expect(await ext.view.state.get()).toBeUndefined();
    await ext.view.state.set({ tab: 'notes' });
    await ext.view.state.set([1, 2], { version: 3, route: true });
    expect(await ext.view.state.get()).toEqual({ version: 1, value: { tab: 'notes' } });
    expect(await ext.view.state.get({ route: true })).toEqual({ version: 3, value: [1, 2] });
    expect(
      await r.host.viewState.get({
        extensionId: 'com.example.mock',
        installId: 'install-mock',
        entryPoint: 'main',
        route: '/orders',
      }),
    ).toEqual({ version: 3, value: [1, 2] });
    await ext.view.state.clear();
    expect(await ext.view.state.get()).toBeUndefined();
    expect(await ext.view.state.get({ route: true })).toEqual({ version: 3, value: [1, 2] });
  });

  it('survives a reconnect (a new hello): the store keeps it', async () => {
    const r = await connected();
    ext = r.ext;
    await ext.view.state.set({ draft: 'hello' });
    await reconnect(r);
    expect(await ext.view.state.get()).toEqual({ version: 1, value: { draft: 'hello' } });
  });

  it('refuses oversize (payload_too_large, naming size and cap) and non-JSON (validation_failed); nothing is sent', async () => {
    const r = await connected();
    ext = r.ext;
    const big = 'x'.repeat(ENTRY_DATA_LIMITS.viewStateBytes);
    await expect(ext.view.state.set(big)).rejects.toMatchObject({
      code: 'payload_too_large',
      message: expect.stringMatching(/65538 bytes.*65536/) as unknown,
    });
    for (const value of [new Date(), new Map(), () => 1, { a: undefined }]) {
      await expect(ext.view.state.set(value as never)).rejects.toMatchObject({ code: 'validation_failed' });
    }
    await expect(ext.host.openModal({ entryPoint: 'pick', context: new Date() as never })).rejects.toMatchObject({
      code: 'validation_failed',
    });
    await expect(ext.view.close(new Map() as never)).rejects.toMatchObject({ code: 'validation_failed' });
    expect(r.host.calls.map((c) => c.method)).not.toContain('setViewState');
    expect(r.host.calls.map((c) => c.method)).not.toContain('closeView');
    expect(await ext.view.state.get()).toBeUndefined();
  });

  it('a failing store is answered internal', async () => {
    const store = createMemoryViewStateStore();
    store.get = () => Promise.reject(new Error('the database is down'));
    const r = await connected({ viewState: store });
    ext = r.ext;
    await expect(ext.view.state.get()).rejects.toMatchObject({ code: 'internal' });
  });
});

describe('lifecycle', () => {
  it('setDirty shows on host.dirty; a new hello (reload) resets it', async () => {
    const r = await connected();
    ext = r.ext;
    await ext.view.setDirty(true);
    expect(r.host.dirty).toBe(true);
    await ext.view.setDirty(false);
    expect(r.host.dirty).toBe(false);
    await ext.view.setDirty(true);
    await reconnect(r);
    expect(r.host.dirty).toBe(false);
  });

  it('beforeUnmount awaits the page’s async listeners', async () => {
    const r = await connected();
    ext = r.ext;
    const order: string[] = [];
    ext.view.onBeforeUnmount(async (reason) => {
      order.push(`start:${reason}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
      order.push('flushed');
    });
    const off = ext.view.onBeforeUnmount(() => void order.push('removed'));
    off();
    await r.host.requestUnmount('navigate', 2000);
    order.push('host done');
    expect(order).toEqual(['start:navigate', 'flushed', 'host done']);
  });

  it('the host stops waiting after its timeout', async () => {
    const r = await connected();
    ext = r.ext;
    ext.view.onBeforeUnmount(() => new Promise(() => undefined));
    const started = Date.now();
    await r.host.requestUnmount('close', 100);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
