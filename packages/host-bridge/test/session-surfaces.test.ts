// Protocol 1.2 in the host session alone: entry context, subject and visibility, modals, view
// state, the dirty flag and beforeUnmount. Calls go in through `call()`; pushes come out of `invoke`.
import { describe, expect, it, vi } from 'vitest';
import { resolveTheme, type EntryContext, type ExtensionMethodName, type ViewState } from '@extsys/protocol';
import { createTokenManager } from '../src/token-refresh.js';
import { createHostSession, type HostSessionOptions } from '../src/session/host-session.js';
import type { HostEffects } from '../src/session/method-dispatch.js';
import { createMemoryViewStateStore, type ViewStateStore } from '../src/session/view-state.js';
import { hello, sessionTemplate, silentLogger, TOKEN } from './harness.js';

const NONCE = 'n'.repeat(22);
const V12 = { protocol: { min: '1.0', max: '1.2' } };
const ALL = { ...V12, features: ['theme', 'token', 'entry', 'lifecycle'] };
const PANEL: EntryContext = { target: 'panel', id: 'record-panel', subject: { type: 'customer', id: 'c-1' } };
const MODAL: EntryContext = { target: 'modal', id: 'pick', input: { q: 1 }, depth: 1 };

function session(overrides: Partial<HostSessionOptions> = {}, effects: Partial<HostEffects> = {}) {
  const logger = silentLogger();
  const events: { type: string; payload: unknown }[] = [];
  const sent: { method: ExtensionMethodName; params: unknown }[] = [];
  const answer = { fn: (_method: ExtensionMethodName): Promise<unknown> => Promise.resolve({ ok: true, value: null }) };
  const tokens = createTokenManager({ getToken: () => ({ token: TOKEN, ttlMs: 600_000 }), onError: () => undefined });
  const fx: HostEffects = {
    navigate: vi.fn(),
    resize: vi.fn(),
    toast: vi.fn(),
    confirm: vi.fn(),
    openLink: vi.fn(),
    setTitle: vi.fn(),
    apiRequest: vi.fn(),
    apiCancel: vi.fn(),
    ...effects,
  };
  const s = createHostSession({
    nonce: NONCE,
    template: sessionTemplate({ hostFeatures: ['modal'] }),
    theme: resolveTheme('dark'),
    fields: { locale: 'en-GB', direction: 'ltr', timeZone: 'Europe/London' },
    initialPath: '/',
    tokens,
    effects: fx,
    invoke: (method, params) => {
      sent.push({ method, params });
      return answer.fn(method);
    },
    emit: (type, payload) => events.push({ type, payload }),
    reject: () => undefined,
    logger,
    tag: 'test',
    ...overrides,
  });
  return { s, fx, sent, events, logger, answer };
}

const value = (answer: { result: unknown }) => (answer.result as { value: unknown }).value;
const errorCode = (answer: { result: unknown }) => (answer.result as { error?: { code: string } }).error?.code;

describe('host session, protocol 1.2 surfaces', () => {
  it('puts entry and visible in a 1.2 context only; the default entry is the main page', async () => {
    const { s } = session({ visible: false });
    expect(value(await s.call('hello', hello(NONCE, V12)))).toMatchObject({
      protocol: '1.2',
      entry: { target: 'page', id: 'main' },
      visible: false,
    });
    const old = session({ entry: PANEL });
    const ctx = value(await old.s.call('hello', hello(NONCE, { protocol: { min: '1.0', max: '1.1' } })));
    expect(ctx).toMatchObject({ protocol: '1.1' });
    expect(ctx).not.toHaveProperty('entry');
    expect(ctx).not.toHaveProperty('visible');
  });

  it('refuses an invalid entry at creation', () => {
    expect(() => session({ entry: { target: 'panel', id: 'p' } as EntryContext })).toThrow(/subject/);
  });

  it('setSubject: a panel keeps, pushes (feature entry) and replays it; other targets and bad subjects are validation_failed', async () => {
    const { s, sent } = session({ entry: PANEL });
    await s.call('hello', hello(NONCE, ALL));
    const next = { type: 'customer', id: 'c-2', title: 'Ada' };
    await s.setSubject(next);
    expect(sent.at(-1)).toEqual({ method: 'subjectChanged', params: { subject: next } });
    expect(s.context?.entry).toEqual({ ...PANEL, subject: next });
    await expect(s.setSubject({ type: 'Bad Type', id: 'x' })).rejects.toMatchObject({ code: 'validation_failed' });
    // A reloaded page gets the current subject in its hello.
    s.restart('reload');
    expect(value(await s.call('hello', hello(NONCE, ALL)))).toMatchObject({ entry: { subject: next } });

    const page = session();
    await expect(page.s.setSubject(next)).rejects.toMatchObject({ code: 'validation_failed', message: /only a panel/ });
    // Without the entry feature, kept but not pushed.
    const quiet = session({ entry: PANEL });
    await quiet.s.call('hello', hello(NONCE, V12));
    await quiet.s.setSubject(next);
    expect(quiet.sent).toEqual([]);
  });

  it('setVisible: pushed to an SDK that announced lifecycle, once per change, and replayed', async () => {
    const { s, sent } = session();
    await s.call('hello', hello(NONCE, ALL));
    await s.setVisible(false);
    await s.setVisible(false);
    expect(sent.filter((m) => m.method === 'visibilityChanged')).toEqual([
      { method: 'visibilityChanged', params: { visible: false } },
    ]);
    expect(s.context?.visible).toBe(false);
    await expect(s.setVisible('no' as unknown as boolean)).rejects.toMatchObject({ code: 'validation_failed' });
    const quiet = session();
    await quiet.s.call('hello', hello(NONCE, V12));
    await quiet.s.setVisible(false);
    expect(quiet.sent).toEqual([]);
  });

  it('openModal: needs the grant, asks the effect with the new depth, validates its outcome', async () => {
    const openModal = vi.fn(() => ({ dismissed: false, value: { picked: 3 } }));
    const { s } = session({}, { openModal });
    await s.call('hello', hello(NONCE, V12));
    const answer = await s.call('openModal', { entryPoint: 'pick', context: { q: 1 } });
    expect(value(answer)).toEqual({ dismissed: false, value: { picked: 3 } });
    expect(openModal).toHaveBeenCalledWith({ entryPoint: 'pick', size: 'medium', context: { q: 1 } }, { depth: 1 });

    const bad = session({}, { openModal: () => ({ value: new Date() }) });
    await bad.s.call('hello', hello(NONCE, V12));
    expect(errorCode(await bad.s.call('openModal', { entryPoint: 'pick' }))).toBe('internal');

    const ungranted = session({ template: { ...s.context!, hostFeatures: [] } }, { openModal });
    await ungranted.s.call('hello', hello(NONCE, V12));
    expect(errorCode(await ungranted.s.call('openModal', { entryPoint: 'pick' }))).toBe('feature_not_granted');

    const noPresenter = session();
    await noPresenter.s.call('hello', hello(NONCE, V12));
    expect(errorCode(await noPresenter.s.call('openModal', { entryPoint: 'pick' }))).toBe('feature_not_granted');
  });

  it('openModal from a modal: refused beyond maxModalDepth (default 1), allowed below it', async () => {
    const openModal = vi.fn(() => ({ dismissed: true }));
    const { s } = session({ entry: MODAL }, { openModal });
    await s.call('hello', hello(NONCE, V12));
    const refused = await s.call('openModal', { entryPoint: 'pick' });
    expect(refused.result).toMatchObject({
      ok: false,
      error: { code: 'forbidden', message: /nest 1 deep \(its maxModalDepth option\)/ },
    });
    const deeper = session({ entry: MODAL, maxModalDepth: 2 }, { openModal });
    await deeper.s.call('hello', hello(NONCE, V12));
    expect(value(await deeper.s.call('openModal', { entryPoint: 'pick' }))).toEqual({ dismissed: true });
    expect(openModal).toHaveBeenLastCalledWith(expect.anything(), { depth: 2 });
  });

  it('closeView: a modal mount hands its result to the effect; any other mount is bad_request', async () => {
    const closeView = vi.fn();
    const modal = session({ entry: MODAL }, { closeView });
    await modal.s.call('hello', hello(NONCE, V12));
    expect(value(await modal.s.call('closeView', { result: { id: 7 } }))).toBeNull();
    expect(closeView).toHaveBeenCalledWith({ id: 7 }, false);
    expect(value(await modal.s.call('closeView', { dismiss: true }))).toBeNull();
    expect(closeView).toHaveBeenLastCalledWith(undefined, true);
    const page = session({}, { closeView });
    await page.s.call('hello', hello(NONCE, V12));
    const refused = await page.s.call('closeView', {});
    expect(refused.result).toMatchObject({ ok: false, error: { code: 'bad_request', message: /opened as a modal/ } });
    expect(closeView).toHaveBeenCalledTimes(2);
  });

  it('view state: per install × entry point × route in the store, cleared with null, shared by a remount', async () => {
    const store = createMemoryViewStateStore();
    const spy = vi.spyOn(store, 'set');
    const { s } = session({ viewState: store, entry: PANEL });
    await s.call('hello', hello(NONCE, V12));
    const state: ViewState = { version: 2, value: { tab: 'notes' } };
    await s.call('setViewState', { state });
    await s.call('setViewState', { route: '/orders', state: { version: 1, value: [1] } });
    expect(spy).toHaveBeenCalledWith(
      { extensionId: 'com.acme.hello', installId: 'inst_1', entryPoint: 'record-panel' },
      state,
    );
    expect(value(await s.call('getViewState', {}))).toEqual(state);
    expect(value(await s.call('getViewState', { route: '/orders' }))).toEqual({ version: 1, value: [1] });
    expect(value(await s.call('getViewState', { route: '/other' }))).toBeNull();
    // Another mount of the same entry point with the same store finds it.
    const remount = session({ viewState: store, entry: PANEL });
    await remount.s.call('hello', hello(NONCE, V12));
    expect(value(await remount.s.call('getViewState', {}))).toEqual(state);
    // Another entry point does not.
    const other = session({ viewState: store });
    await other.s.call('hello', hello(NONCE, V12));
    expect(value(await other.s.call('getViewState', {}))).toBeNull();
    await s.call('setViewState', { state: null });
    expect(value(await s.call('getViewState', {}))).toBeNull();
  });

  it('view state: a failing store or an invalid stored state is answered internal and logged, never thrown', async () => {
    const broken: ViewStateStore = {
      get: () => Promise.reject(new Error('disk on fire')),
      set: () => Promise.reject(new Error('disk on fire')),
    };
    const { s, logger } = session({ viewState: broken });
    await s.call('hello', hello(NONCE, V12));
    expect(errorCode(await s.call('getViewState', {}))).toBe('internal');
    expect(errorCode(await s.call('setViewState', { state: { version: 1, value: 1 } }))).toBe('internal');
    expect(logger.error).toHaveBeenCalledTimes(2);
    const odd = session({ viewState: { get: () => Promise.resolve({ v: 1 } as never), set: () => Promise.resolve() } });
    await odd.s.call('hello', hello(NONCE, V12));
    expect(errorCode(await odd.s.call('getViewState', {}))).toBe('internal');
    // The method table refuses what is not JSON before the store sees it.
    expect(errorCode(await s.call('setViewState', { state: { version: 1, value: new Map() } }))).toBe(
      'message_rejected',
    );
  });

  it('setDirty: kept, a dirty event per change, false again at a new hello', async () => {
    const { s, events } = session();
    await s.call('hello', hello(NONCE, V12));
    await s.call('setDirty', { dirty: true });
    await s.call('setDirty', { dirty: true });
    expect(s.dirty).toBe(true);
    s.restart('reload');
    await s.call('hello', hello(NONCE, V12));
    expect(s.dirty).toBe(false);
    expect(events.filter((e) => e.type === 'dirty').map((e) => e.payload)).toEqual([true, false]);
  });

  it('beforeUnmount: waits for the answer, at most timeoutMs; at once without the lifecycle feature', async () => {
    const { s, sent, answer } = session();
    await s.call('hello', hello(NONCE, ALL));
    let release!: () => void;
    answer.fn = () => new Promise((resolve) => (release = () => resolve({ ok: true, value: null })));
    let done = false;
    const waiting = s.beforeUnmount('close', 5000).then(() => (done = true));
    await Promise.resolve();
    expect(sent.at(-1)).toEqual({ method: 'beforeUnmount', params: { reason: 'close', timeoutMs: 5000 } });
    expect(done).toBe(false);
    release();
    await waiting;

    vi.useFakeTimers();
    try {
      answer.fn = () => new Promise(() => undefined);
      let timedOut = false;
      void s.beforeUnmount('navigate', 100).then(() => (timedOut = true));
      await vi.advanceTimersByTimeAsync(99);
      expect(timedOut).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect(timedOut).toBe(true);
    } finally {
      vi.useRealTimers();
    }

    const quiet = session();
    await quiet.s.call('hello', hello(NONCE, V12));
    await quiet.s.beforeUnmount('unmount', 5000);
    expect(quiet.sent).toEqual([]);
  });
});
