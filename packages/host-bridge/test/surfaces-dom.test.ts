// Protocol 1.2 over the DOM: entry points resolved from the manifest, modals in a <dialog> as
// nested mounts with their own nonce, the leave guard, subject and visibility pushes.
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { PROTOCOL_VERSION, decodeMountFragment } from '@extsys/protocol';
import { createDialogPresenter, type ModalPresenter } from '../src/index.js';
import { polyfillDialog } from './dialog-polyfill.js';
import { hello, mount, startExtension, tick, until, type FakeExtension, type Sent } from './harness.js';

const V12 = { protocol: { min: '1.0', max: PROTOCOL_VERSION }, features: ['theme', 'token', 'entry', 'lifecycle'] };
const UI = {
  type: 'iframe',
  entry: 'ui/index.html',
  initialHeight: 200,
  hostFeatures: ['modal'],
  entryPoints: [
    { id: 'main', target: 'page', path: '/', label: 'Records' },
    { id: 'record-panel', target: 'panel', path: '/panel', label: 'Record', initialHeight: 90 },
    { id: 'pick', target: 'modal', path: '/pick', label: 'Pick a record' },
    { id: 'deeper', target: 'modal', path: '/deeper', label: 'Deeper' },
  ],
};
const EXTENSION = {
  id: 'com.acme.hello',
  installId: 'inst_7Qx2',
  version: '1.4.0',
  contentHash: `sha256:${'ab'.repeat(32)}`,
  title: 'Hello',
  ui: UI,
};
const SUBJECT = { type: 'customer', id: 'c-1', title: 'Ada' };

/** The default <dialog> presenter, whose frames get the harness's postMessage stub before bootstrap. */
function testPresenter(sent: Sent[]): ModalPresenter {
  const dialogs = createDialogPresenter();
  return {
    open(presentation) {
      const presented = dialogs.open(presentation);
      const append = presented.container.append.bind(presented.container);
      presented.container.append = (...nodes) => {
        append(...nodes);
        for (const node of nodes) {
          if (!(node instanceof HTMLIFrameElement)) continue;
          (node.contentWindow as unknown as { postMessage: unknown }).postMessage = (data: unknown) =>
            void sent.push({ via: 'window', data: structuredClone(data) });
        }
      };
      return presented;
    },
  };
}

const nonceOf = (iframe: HTMLIFrameElement) => decodeMountFragment(new URL(iframe.src).hash.slice(1)).nonce as string;

async function connected(options: Parameters<typeof mount>[0] = {}) {
  const modalSent: Sent[] = [];
  const m = mount({
    extension: EXTENSION,
    hostFeatures: ['toast', 'navigate', 'modal'],
    modals: testPresenter(modalSent),
    initialPath: undefined,
    ...options,
  });
  const ext = await startExtension(m.iframe, m.sent);
  const answer = await ext.call('hello', hello(m.nonce, V12));
  return { ...m, ext, answer, modalSent };
}

/** The modal's frame, once the presenter has put it in a dialog, connected as a fake page. */
async function modalPage(modalSent: Sent[]) {
  await until(() => document.querySelector('dialog iframe') !== null);
  const dialog = document.querySelector('dialog')!;
  const frame = dialog.querySelector('iframe')!;
  const ext = await startExtension(frame, modalSent);
  const answer = await ext.call('hello', hello(nonceOf(frame), V12));
  return { dialog, frame, ext, answer };
}

const open: FakeExtension[] = [];
beforeAll(polyfillDialog);
afterEach(() => {
  for (const ext of open.splice(0)) ext.destroy();
  document.body.replaceChildren();
});

describe('entry points', () => {
  it('mounts the first page by default, with its path as the initial path', async () => {
    const { answer, handle } = await connected();
    expect(answer.value).toMatchObject({ entry: { target: 'page', id: 'main' }, initialPath: '/', visible: true });
    expect(handle.entry).toEqual({ target: 'page', id: 'main' });
    handle.destroy();
  });

  it('mounts a panel with its subject, path and initial height', async () => {
    const { answer, handle, iframe } = await connected({ entryPoint: 'record-panel', subject: SUBJECT });
    expect(answer.value).toMatchObject({
      entry: { target: 'panel', id: 'record-panel', subject: SUBJECT },
      initialPath: '/panel',
    });
    expect(iframe.style.height).toBe('90px');
    handle.destroy();
  });

  it('refuses an unknown id naming the known ones, a panel without subject, and a modal', () => {
    expect(() => mount({ extension: EXTENSION, entryPoint: 'nope' })).toThrow(
      expect.objectContaining({
        code: 'validation_failed',
        message: expect.stringContaining('"record-panel" (panel)') as unknown,
      }) as unknown,
    );
    expect(() => mount({ extension: EXTENSION, entryPoint: 'record-panel' })).toThrow(
      expect.objectContaining({
        code: 'validation_failed',
        message: expect.stringContaining('subject') as unknown,
      }) as unknown,
    );
    expect(() => mount({ extension: EXTENSION, entryPoint: 'pick' })).toThrow(
      expect.objectContaining({
        code: 'validation_failed',
        message: expect.stringContaining('openModal') as unknown,
      }) as unknown,
    );
  });

  it('pushes a new subject to a panel without a remount, and refuses one for a page', async () => {
    const { ext, handle } = await connected({ entryPoint: 'record-panel', subject: SUBJECT });
    await handle.setSubject({ type: 'customer', id: 'c-2' });
    expect(ext.received).toContainEqual({
      method: 'subjectChanged',
      argument: { subject: { type: 'customer', id: 'c-2' } },
    });
    expect(handle.entry).toMatchObject({ subject: { id: 'c-2' } });
    handle.destroy();
    const page = await connected();
    await expect(page.handle.setSubject(SUBJECT)).rejects.toMatchObject({ code: 'validation_failed' });
    page.handle.destroy();
  });
});

describe('visibility', () => {
  it('follows document.visibilityState and the host, hidden when either hides it', async () => {
    const { ext, handle } = await connected();
    const state = vi.spyOn(document, 'visibilityState', 'get').mockReturnValue('hidden');
    document.dispatchEvent(new Event('visibilitychange'));
    await until(() => ext.received.some((r) => r.method === 'visibilityChanged'));
    expect(ext.received.at(-1)).toEqual({ method: 'visibilityChanged', argument: { visible: false } });
    await handle.setVisible(false);
    state.mockReturnValue('visible');
    document.dispatchEvent(new Event('visibilitychange'));
    await tick();
    expect(ext.received.filter((r) => r.method === 'visibilityChanged')).toHaveLength(1);
    await handle.setVisible(true);
    expect(ext.received.at(-1)).toEqual({ method: 'visibilityChanged', argument: { visible: true } });
    state.mockRestore();
    handle.destroy();
  });
});

describe('leave guard', () => {
  it('leaves a clean page after beforeUnmount without asking', async () => {
    const confirmLeave = vi.fn(() => true);
    const { handle, ext } = await connected({ confirmLeave });
    await expect(handle.leave('navigate')).resolves.toBe(true);
    expect(confirmLeave).not.toHaveBeenCalled();
    expect(ext.received).toContainEqual({ method: 'beforeUnmount', argument: { reason: 'navigate', timeoutMs: 1000 } });
    handle.destroy();
  });

  it('asks for a dirty page: refused stays, agreed leaves; beforeunload only while dirty', async () => {
    const confirmLeave = vi.fn(() => false);
    const add = vi.spyOn(window, 'addEventListener');
    const remove = vi.spyOn(window, 'removeEventListener');
    const { handle, ext } = await connected({ confirmLeave, unmountGraceMs: 50 });
    const dirty = vi.fn();
    handle.on('dirty', dirty);
    const unload = () => add.mock.calls.filter(([type]) => type === 'beforeunload');
    expect(unload()).toHaveLength(0);
    await ext.call('setDirty', { dirty: true });
    expect(handle.dirty).toBe(true);
    expect(dirty).toHaveBeenCalledWith(true);
    expect(unload()).toHaveLength(1);
    const event = new Event('beforeunload', { cancelable: true });
    window.dispatchEvent(event);
    expect(event.defaultPrevented).toBe(true);

    await expect(handle.leave('navigate')).resolves.toBe(false);
    expect(confirmLeave).toHaveBeenCalledWith(expect.objectContaining({ reason: 'navigate', entryPoint: 'main' }));
    expect(ext.received.some((r) => r.method === 'beforeUnmount')).toBe(false);
    confirmLeave.mockReturnValue(true);
    await expect(handle.leave('navigate')).resolves.toBe(true);
    expect(ext.received.some((r) => r.method === 'beforeUnmount')).toBe(true);

    await ext.call('setDirty', { dirty: false });
    expect(remove.mock.calls.filter(([type]) => type === 'beforeunload')).toHaveLength(1);
    await ext.call('setDirty', { dirty: true });
    handle.destroy();
    expect(remove.mock.calls.filter(([type]) => type === 'beforeunload')).toHaveLength(2);
    add.mockRestore();
    remove.mockRestore();
  });

  it('asks services.confirm by default', async () => {
    const confirm = vi.fn(() => ({ confirmed: false }));
    const { handle, ext } = await connected({ services: { toast: vi.fn(), confirm } });
    await ext.call('setDirty', { dirty: true });
    await expect(handle.leave()).resolves.toBe(false);
    expect(confirm).toHaveBeenCalledWith(expect.objectContaining({ extensionId: 'com.acme.hello', tone: 'danger' }));
    handle.destroy();
  });
});

describe('modals', () => {
  it('opens a nested mount with its own nonce and entry context; closeView answers the opener', async () => {
    const { ext, handle, nonce, iframe, modalSent, answer } = await connected();
    expect(answer.value).toMatchObject({ hostFeatures: expect.arrayContaining(['modal']) as unknown });
    const result = ext.call('openModal', { entryPoint: 'pick', size: 'large', context: { q: 'ada' } });
    const modal = await modalPage(modalSent);
    open.push(modal.ext);
    expect(nonceOf(modal.frame)).not.toBe(nonce);
    expect(modal.frame.getAttribute('sandbox')).toBe(iframe.getAttribute('sandbox'));
    expect(new URL(modal.frame.src).searchParams.get('path')).toBe('/pick');
    expect(modal.answer.value).toMatchObject({
      entry: { target: 'modal', id: 'pick', input: { q: 'ada' }, depth: 1 },
      initialPath: '/pick',
    });
    expect(modal.dialog.open).toBe(true);
    expect(document.activeElement).toBe(modal.frame);
    expect(modal.frame.title).toBe('Hello: Pick a record');
    expect(modal.dialog.classList).toContain('extsys-modal--large');
    const title = document.getElementById(modal.dialog.getAttribute('aria-labelledby')!);
    expect(title?.textContent).toBe('Pick a record');

    await expect(modal.ext.call('closeView', { result: { id: 42 } })).resolves.toMatchObject({ ok: true });
    await expect(result).resolves.toEqual({ ok: true, value: { dismissed: false, value: { id: 42 } } });
    await until(() => document.querySelector('dialog') === null);
    expect(document.activeElement).toBe(iframe);
    handle.destroy();
  });

  it('is dismissed by Esc (cancel) and by the close button', async () => {
    const { ext, handle, modalSent } = await connected();
    const first = ext.call('openModal', { entryPoint: 'pick', title: 'Choose' });
    let modal = await modalPage(modalSent);
    open.push(modal.ext);
    expect(modal.dialog.querySelector('h2')?.textContent).toBe('Choose');
    const cancel = new Event('cancel', { cancelable: true });
    modal.dialog.dispatchEvent(cancel);
    expect(cancel.defaultPrevented).toBe(true);
    await expect(first).resolves.toEqual({ ok: true, value: { dismissed: true } });
    await until(() => document.querySelector('dialog') === null);

    const second = ext.call('openModal', { entryPoint: 'pick' });
    modal = await modalPage(modalSent);
    open.push(modal.ext);
    modal.dialog.querySelector('button')!.click();
    await expect(second).resolves.toEqual({ ok: true, value: { dismissed: true } });
    handle.destroy();
  });

  it('is dismissed from inside its page (Esc passed on as closeView dismiss), asking first when dirty', async () => {
    const confirmLeave = vi.fn(() => false);
    const { ext, handle, modalSent } = await connected({ confirmLeave });
    const result = ext.call('openModal', { entryPoint: 'pick' });
    const modal = await modalPage(modalSent);
    open.push(modal.ext);
    await modal.ext.call('setDirty', { dirty: true });
    await expect(modal.ext.call('closeView', { dismiss: true, result: { ignored: true } })).resolves.toMatchObject({
      ok: true,
    });
    await until(() => confirmLeave.mock.calls.length === 1);
    await tick(20);
    expect(modal.dialog.isConnected).toBe(true); // the user chose to stay

    confirmLeave.mockReturnValue(true);
    await modal.ext.call('closeView', { dismiss: true });
    await expect(result).resolves.toEqual({ ok: true, value: { dismissed: true } });
    await until(() => document.querySelector('dialog') === null);
    handle.destroy();
  });

  it('asks before closing a dirty modal and stays open when refused', async () => {
    const confirmLeave = vi.fn(() => false);
    const { ext, handle, modalSent } = await connected({ confirmLeave });
    const result = ext.call('openModal', { entryPoint: 'pick' });
    const modal = await modalPage(modalSent);
    open.push(modal.ext);
    await modal.ext.call('setDirty', { dirty: true });
    modal.dialog.dispatchEvent(new Event('cancel', { cancelable: true }));
    await until(() => confirmLeave.mock.calls.length === 1);
    await tick(20);
    expect(confirmLeave).toHaveBeenCalledWith(expect.objectContaining({ reason: 'close', entryPoint: 'pick' }));
    expect(modal.dialog.isConnected).toBe(true);
    // The opener's leave() counts the modal's unsaved changes too.
    await expect(handle.leave()).resolves.toBe(false);

    confirmLeave.mockReturnValue(true);
    modal.dialog.dispatchEvent(new Event('cancel', { cancelable: true }));
    await expect(result).resolves.toEqual({ ok: true, value: { dismissed: true } });
    expect(modal.ext.received.some((r) => r.method === 'beforeUnmount')).toBe(true);
    handle.destroy();
  });

  it('refuses an unknown or non-modal entry point and a modal beyond maxModalDepth', async () => {
    const { ext, handle, modalSent } = await connected();
    await expect(ext.call('openModal', { entryPoint: 'nope' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'not_found', message: expect.stringContaining('"pick", "deeper"') as unknown },
    });
    await expect(ext.call('openModal', { entryPoint: 'record-panel' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    ext.call('openModal', { entryPoint: 'pick' }).catch(() => undefined);
    const modal = await modalPage(modalSent);
    open.push(modal.ext);
    await expect(modal.ext.call('openModal', { entryPoint: 'deeper' })).resolves.toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('1 deep') as unknown },
    });
    expect(document.querySelectorAll('dialog')).toHaveLength(1);
    handle.destroy();
  });

  it('closes its modals, without asking, when the opener is destroyed', async () => {
    const { ext, handle, modalSent } = await connected();
    ext.call('openModal', { entryPoint: 'pick' }).catch(() => undefined);
    const modal = await modalPage(modalSent);
    open.push(modal.ext);
    handle.destroy();
    expect(document.querySelector('dialog')).toBeNull();
  });

  it("closes its modals when the opener's page reloads", async () => {
    const { ext, handle, iframe, sent, modalSent } = await connected();
    ext.call('openModal', { entryPoint: 'pick' }).catch(() => undefined);
    const modal = await modalPage(modalSent);
    open.push(modal.ext);
    ext.messenger.vanish();
    open.push(await startExtension(iframe, sent));
    await until(() => handle.state === 'reconnecting');
    expect(document.querySelector('dialog')).toBeNull();
    handle.destroy();
  });

  it("refuses a modal frame's hello with the opener's nonce, counted on the opener's handle", async () => {
    const { ext, handle, nonce, modalSent } = await connected();
    const rejected = vi.fn();
    handle.on('message-rejected', rejected);
    ext.call('openModal', { entryPoint: 'pick' }).catch(() => undefined);
    await until(() => document.querySelector('dialog iframe') !== null);
    const frame = document.querySelector<HTMLIFrameElement>('dialog iframe')!;
    const forged = await startExtension(frame, modalSent);
    open.push(forged);
    await expect(forged.call('hello', hello(nonce, V12))).resolves.toMatchObject({ ok: false });
    expect(rejected).toHaveBeenCalledWith(expect.objectContaining({ reason: 'wrong-nonce' }));
    await expect(forged.call('closeView', { result: 1 })).resolves.toMatchObject({ ok: false });
    expect(document.querySelector('dialog')).not.toBeNull();
    handle.destroy();
  });

  it('a closeView from a page that is not a modal is bad_request', async () => {
    const { ext, handle } = await connected();
    await expect(ext.call('closeView', {})).resolves.toMatchObject({ ok: false, error: { code: 'bad_request' } });
    handle.destroy();
  });
});
