// The bench host page: mounts the bench extension with @extsys/host-bridge only (plus the protocol's
// resolveTheme, as the host-bridge README does) and exposes a small control surface that
// bench/bridge/run.mjs drives through Playwright.
import { bootstrapIframe, buildExtUiSrc, sandboxFor, type BridgeHandle } from '@extsys/host-bridge';
import { resolveTheme } from '@extsys/protocol/theme';
// Baseline only (bare penpal over a MessagePort, what the bridge runs on): not part of the host's bridge.
import { PortMessenger, connect as penpalConnect } from 'penpal';
import {
  CONTENT_HASH,
  EXTENSION_ID,
  LOADED_MESSAGE,
  PENPAL_PORT_MESSAGE,
  PORT_MESSAGE,
  RAW_ENTRY,
  SDK_ENTRY,
  watchHandshakeArrivals,
} from '../shared.js';

declare const __EXT_ORIGIN__: string;
const runnerBase = __EXT_ORIGIN__;

const manifestUi = {
  type: 'iframe' as const,
  entry: SDK_ENTRY,
  initialHeight: 120,
  hostFeatures: ['toast', 'setTitle', 'navigate', 'confirm'] as ('toast' | 'setTitle' | 'navigate' | 'confirm')[],
};

const record = {
  toasts: [] as string[],
  titleCalls: 0,
  lastTitle: '',
  navigations: [] as { path: string; replace: boolean }[],
  resizes: [] as number[],
  states: [] as string[],
  connected: [] as { reconnected: boolean; protocol: string }[],
  errors: [] as string[],
  rejected: [] as string[],
  tokens: [] as string[],
};

let tokenCounter = 0;
/** Epoch ms of the last mount's start and end (iframe created → ready / loaded). */
let lastMount: { start: number; end: number; synReceived?: number; ack2Received?: number } = { start: NaN, end: NaN };
// When the frame's SYN and ACK2 reached this page (its own clock), per mount.
const arrivals = watchHandshakeArrivals();
let current:
  { iframe: HTMLIFrameElement; handle?: BridgeHandle; port?: MessagePort; penpal?: { destroy(): void } } | undefined;
const mountPoint = document.getElementById('mount')!;

/**
 * How the sandbox gets onto the iframe: `attribute` (the README's order: sandboxFor() before src),
 * or left to bootstrapIframe(), called right after the iframe is appended (`bootstrap`) or once
 * its unsandboxed page has loaded (`bootstrap-after-load`).
 */
type SandboxMode = 'attribute' | 'bootstrap' | 'bootstrap-after-load';

function createFrame(
  entry: string,
  path: string,
  sandbox: SandboxMode = 'attribute',
  appWorkMs = 0,
): { iframe: HTMLIFrameElement; nonce: string } {
  const built = buildExtUiSrc(EXTENSION_ID, CONTENT_HASH, { runnerBase, entry, path, mode: 'light' });
  const { nonce } = built;
  const url = new URL(built.src, location.href);
  // The page's own module work before it connects (bench/bridge/shared.ts appWorkMs).
  if (appWorkMs > 0) url.searchParams.set('work', String(appWorkMs));
  const src = url.href;
  const attrs = sandboxFor(manifestUi, {}, { name: EXTENSION_ID, displayName: 'Bench extension' });
  const iframe = document.createElement('iframe');
  iframe.title = attrs.title;
  iframe.referrerPolicy = attrs.referrerPolicy;
  iframe.setAttribute('allow', attrs.allow);
  // Before src: a sandbox applies from the next navigation.
  if (sandbox === 'attribute') iframe.setAttribute('sandbox', attrs.sandbox);
  iframe.style.width = '480px';
  iframe.style.border = '0';
  iframe.src = src;
  return { iframe, nonce };
}

function unmount() {
  current?.handle?.destroy();
  current?.port?.close();
  current?.penpal?.destroy();
  current?.iframe.remove();
  current = undefined;
}

/** Mounts the SDK page and resolves with the ms from iframe creation to `handle.ready`. */
async function mountSdk(path = '/', sandbox: SandboxMode = 'attribute', appWorkMs = 0): Promise<number> {
  unmount();
  arrivals.reset();
  const start = performance.now();
  const { iframe, nonce } = createFrame(SDK_ENTRY, path, sandbox, appWorkMs);
  const loaded = new Promise((resolve) => iframe.addEventListener('load', resolve, { once: true }));
  mountPoint.append(iframe);
  if (sandbox === 'bootstrap-after-load') await loaded;
  const handle = bootstrapIframe({
    iframe,
    nonce,
    extension: {
      id: EXTENSION_ID,
      installId: 'inst-bench-1',
      version: '1.0.0',
      contentHash: CONTENT_HASH,
      title: 'Bench extension',
      ui: manifestUi,
    },
    theme: resolveTheme('light'),
    getToken: () => {
      const token = `bench-token-${++tokenCounter}-${'x'.repeat(16)}`;
      record.tokens.push(token);
      return { token, ttlMs: 10 * 60_000 };
    },
    gateway: { baseUrl: location.origin, transport: 'direct' },
    tenant: { id: 'tenant-bench', displayName: 'Bench tenant' },
    hostFeatures: ['toast', 'setTitle', 'navigate', 'confirm'],
    initialPath: path,
    services: {
      toast: ({ message }) => {
        record.toasts.push(message);
      },
      setTitle: (title) => {
        record.titleCalls++;
        record.lastTitle = title;
      },
      confirm: () => ({ confirmed: true }),
    },
    onNavigate: (navigated, { replace }) => {
      record.navigations.push({ path: navigated, replace });
    },
    onResize: (height) => {
      record.resizes.push(height);
    },
    ...(sandbox === 'attribute' ? {} : { limits: { handshakeTimeoutMs: 3000 } }),
  });
  current = { iframe, handle };
  handle.on('state', ({ state }) => record.states.push(state));
  handle.on('connected', (info) => record.connected.push({ reconnected: info.reconnected, protocol: info.protocol }));
  handle.on('error', (error) => record.errors.push(`${error.code}: ${error.message}`));
  handle.on('message-rejected', (event) => record.rejected.push(`${event.reason}: ${event.message}`));
  await handle.ready;
  const end = performance.now();
  lastMount = {
    start: performance.timeOrigin + start,
    end: performance.timeOrigin + end,
    synReceived: arrivals.marks['SYN'],
    ack2Received: arrivals.marks['ACK2'],
  };
  return end - start;
}

/** Mounts the same page without the SDK and resolves with the ms from iframe creation to its "loaded" message. */
function mountRaw(appWorkMs = 0): Promise<number> {
  unmount();
  const start = performance.now();
  const { iframe } = createFrame(RAW_ENTRY, '/', 'attribute', appWorkMs);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the raw page did not load within 10 s')), 10_000);
    const onMessage = (event: MessageEvent) => {
      if (event.source !== iframe.contentWindow || (event.data as { type?: unknown })?.type !== LOADED_MESSAGE) return;
      const end = performance.now();
      lastMount = { start: performance.timeOrigin + start, end: performance.timeOrigin + end };
      const elapsed = end - start;
      clearTimeout(timer);
      window.removeEventListener('message', onMessage);
      resolve(elapsed);
    };
    window.addEventListener('message', onMessage);
    current = { iframe };
    mountPoint.append(iframe);
  });
}

/**
 * Hands the mounted page one end of a raw MessageChannel; the host echoes every message on it.
 * The baseline the bridge call is compared with: same two frames, same processes, no library.
 */
function sendRawPort(): void {
  if (!current?.iframe.contentWindow) throw new Error('nothing is mounted');
  current.port?.close();
  const channel = new MessageChannel();
  channel.port1.onmessage = (event: MessageEvent) => channel.port1.postMessage(event.data);
  current.port = channel.port1;
  // Nothing secret: the opaque-origin child can only be reached with targetOrigin '*'.
  current.iframe.contentWindow.postMessage({ type: PORT_MESSAGE }, '*', [channel.port2]);
}

/**
 * Second baseline: bare penpal (the library the bridge is built on) over its own MessageChannel,
 * serving one `setTitle` method that answers like the bridge does. Tells penpal's share of the
 * bridge's round trip from the extsys layer's (nonce, validation, deadlines, guards).
 */
function sendPenpalPort(): void {
  if (!current?.iframe.contentWindow) throw new Error('nothing is mounted');
  current.penpal?.destroy();
  const channel = new MessageChannel();
  current.penpal = penpalConnect({
    messenger: new PortMessenger({ port: channel.port1 }),
    methods: {
      setTitle: (params: { title: string }) => {
        record.lastTitle = params.title;
        return { ok: true, value: null };
      },
    },
  });
  current.iframe.contentWindow.postMessage({ type: PENPAL_PORT_MESSAGE }, '*', [channel.port2]);
}

function handle(): BridgeHandle {
  if (!current?.handle) throw new Error('no SDK page is mounted');
  return current.handle;
}

const benchHost = {
  record,
  mountSdk,
  mountRaw,
  unmount,
  sendRawPort,
  sendPenpalPort,
  state: () => current?.handle?.state,
  lastMount: () => lastMount,
  frameHeight: () => current?.iframe.getBoundingClientRect().height ?? 0,
  setTheme: (mode: 'light' | 'dark' | 'high-contrast', overrides: Record<string, string> = {}) =>
    handle().setTheme(resolveTheme(mode, overrides)),
  navigate: (path: string) => handle().navigate(path),
  refreshToken: () => handle().refreshToken(),
  stats: () => handle().stats,
  /** Destroys the bridge but leaves the iframe in place. */
  destroyBridge: () => handle().destroy(),
};
(window as unknown as { benchHost: typeof benchHost }).benchHost = benchHost;
export type BenchHost = typeof benchHost;
