// The bench host page: mounts the bench extension with @extsys/host-bridge only (plus the protocol's
// resolveTheme, as the host-bridge README does) and exposes a small control surface that
// bench/bridge/run.mjs drives through Playwright.
import { bootstrapIframe, buildExtUiSrc, sandboxFor, type BridgeHandle } from '@extsys/host-bridge';
import { resolveTheme } from '@extsys/protocol/theme';
// Baseline only (bare penpal over a MessagePort, what the bridge runs on): not part of the host's bridge.
import { PortMessenger, connect as penpalConnect } from 'penpal';
import {
  CLOCK_MESSAGE,
  CONTENT_HASH,
  EXTENSION_ID,
  LOADED_MESSAGE,
  PENPAL_PORT_MESSAGE,
  PORT_MESSAGE,
  RAW_ENTRY,
  SDK_ENTRY,
  epochNow,
  watchHandshakeArrivals,
  watchPortTraffic,
  timerResolution,
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
/** Epoch ms (this page's clock) of the last mount's milestones: iframe created → ready / loaded. */
interface MountMarks {
  start: number;
  end: number;
  synReceived?: number;
  ack2Received?: number;
  /** The hello arrived on the bridge port / its answer was posted, after `ready` (with `instrument()` only). */
  helloReceived?: number;
  replySent?: number;
  /** The bench's getToken() during the hello: when it ran and how long it took. */
  tokenAt?: number;
  tokenMs?: number;
}
let lastMount: MountMarks = { start: NaN, end: NaN };
let lastToken: { at: number; ms: number } | undefined;
const tokenMark = () => lastToken; // (set by getToken during the hello, which TypeScript's narrowing does not see)
// When the frame's SYN and ACK2 reached this page (its own clock), per mount.
const arrivals = watchHandshakeArrivals();
// The hello's arrival and its answer on the bridge port: installed by instrument() after the call
// round trips (a), which run unwrapped.
let portTraffic: ReturnType<typeof watchPortTraffic> | undefined;
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
  afterConnectMs = 0,
): { iframe: HTMLIFrameElement; nonce: string } {
  const built = buildExtUiSrc(EXTENSION_ID, CONTENT_HASH, { runnerBase, entry, path, mode: 'light' });
  const { nonce } = built;
  const url = new URL(built.src, location.href);
  // The page's own module work before it connects (bench/bridge/shared.ts appWorkMs).
  if (appWorkMs > 0) url.searchParams.set('work', String(appWorkMs));
  if (afterConnectMs > 0) url.searchParams.set('after', String(afterConnectMs)); // busy after connect() returned
  if (portTraffic) url.searchParams.set('marks', '1'); // the frame's port marks too
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
async function mountSdk(
  path = '/',
  sandbox: SandboxMode = 'attribute',
  appWorkMs = 0,
  afterConnectMs = 0,
): Promise<number> {
  unmount();
  arrivals.reset();
  portTraffic?.reset();
  lastToken = undefined;
  const start = performance.now();
  const { iframe, nonce } = createFrame(SDK_ENTRY, path, sandbox, appWorkMs, afterConnectMs);
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
      const at = performance.now();
      const token = `bench-token-${++tokenCounter}-${'x'.repeat(16)}`;
      record.tokens.push(token);
      lastToken ??= { at: performance.timeOrigin + at, ms: performance.now() - at };
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
    helloReceived: portTraffic?.marks['hello-in'],
    replySent: portTraffic?.marks['reply-out'],
    tokenAt: tokenMark()?.at,
    tokenMs: tokenMark()?.ms,
  };
  return end - start;
}

/** Mounts the same page without the SDK and resolves with the ms from iframe creation to its "loaded" message. */
function mountRaw(appWorkMs = 0): Promise<number> {
  unmount();
  portTraffic?.reset();
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

/**
 * The mounted page's clock against this page's: `offset` = page epoch − host epoch, from the probe
 * with the shortest round trip out of `probes` (its error is at most half that round trip).
 */
async function clockOffset(probes = 5): Promise<{ offset: number; rtt: number }> {
  const frame = current?.iframe.contentWindow;
  if (!frame) throw new Error('nothing is mounted');
  let best = { offset: NaN, rtt: Infinity };
  for (let id = 0; id < probes; id++) {
    const sent = epochNow();
    const at = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no answer to the clock probe')), 2000);
      const onMessage = (event: MessageEvent) => {
        const data = event.data as { type?: unknown; id?: unknown; at?: unknown } | null;
        if (event.source !== frame || data?.type !== CLOCK_MESSAGE || data.id !== id) return;
        clearTimeout(timer);
        window.removeEventListener('message', onMessage);
        resolve(Number(data.at));
      };
      window.addEventListener('message', onMessage);
      frame.postMessage({ type: CLOCK_MESSAGE, id }, '*');
    });
    const received = epochNow();
    if (received - sent < best.rtt) best = { offset: at - (sent + received) / 2, rtt: received - sent };
  }
  return best;
}

/** From now on, mounts record the hello's arrival and answer on the port (both sides). */
function instrument(): void {
  portTraffic ??= watchPortTraffic();
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
  // The hello's answer is posted after `ready` resolves (a later microtask): read when asked.
  lastMount: () => ({ ...lastMount, replySent: lastMount.replySent ?? portTraffic?.marks['reply-out'] }),
  clockOffset,
  instrument,
  timerResolution,
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
