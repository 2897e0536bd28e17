// The bench extension page: @extsys/ext-sdk only. bench/bridge/run.mjs drives it through Playwright
// (frame.evaluate on window.benchExt); the timed loops run here, in the extension's own frame.
import { scriptStart } from './start-mark.js'; // first: the bundle's first module to evaluate
import { connect, type Ext } from '@extsys/ext-sdk';
import {
  PENPAL_PORT_MESSAGE,
  PORT_MESSAGE,
  afterConnectMs,
  answerClockProbes,
  appWorkMs,
  busyFor,
  epochNow,
  marksWanted,
  pageTimeline,
  summarize,
  watchHandshakeArrivals,
  watchPortTraffic,
  type Series,
  timerResolution,
} from '../../shared.js';

const bodyStart = performance.now();

const state = {
  connected: false,
  error: undefined as string | undefined,
  /** When connect() resolved (epoch ms, comparable with the host's clock). */
  connectedAt: NaN,
  events: [] as string[],
  hostNavigations: [] as string[],
  themeChanges: 0,
  tokenChanges: 0,
};

let ext: Ext | undefined;
let port: MessagePort | undefined;
let penpal: { remote?: { setTitle(params: { title: string }): Promise<unknown> }; destroy(): void } | undefined;

// The raw MessageChannel baseline: the host hands over a port and echoes on it.
window.addEventListener('message', (event: MessageEvent) => {
  if (event.source !== window.parent || (event.data as { type?: unknown })?.type !== PORT_MESSAGE) return;
  port?.close();
  port = event.ports[0];
  port?.start();
});
// Baseline (a) only, bare penpal over a MessagePort: loaded when the bench first asks for it, so the
// page parses and evaluates nothing at mount that an extension using the SDK would not (a static
// import put penpal's ~13 KB into this page's script and into (b)'s difference).
window.addEventListener('message', (event: MessageEvent) => {
  const bare = event.ports[0];
  if (event.source !== window.parent || (event.data as { type?: unknown })?.type !== PENPAL_PORT_MESSAGE || !bare)
    return;
  penpal?.destroy();
  const entry: NonNullable<typeof penpal> = { destroy: () => bare.close() };
  penpal = entry;
  void import('penpal').then(({ PortMessenger, connect: penpalConnect }) => {
    if (penpal !== entry) return; // replaced while penpal loaded
    const connection = penpalConnect<{ setTitle(params: { title: string }): unknown }>({
      messenger: new PortMessenger({ port: bare }),
    });
    entry.destroy = () => connection.destroy();
    void connection.promise.then((remote) => {
      entry.remote = remote;
    });
  });
});

// The handshake as this frame sees it (its own clock), for the mount breakdown.
const arrivals = watchHandshakeArrivals();
// The hello's send and its answer's arrival on the bridge port (only when the host asks: `marks=1`).
const portTraffic = marksWanted() ? watchPortTraffic() : undefined;
answerClockProbes();
const handshake: { connectCalled?: number; connectReturned?: number } = {};
busyFor(appWorkMs()); // the app's own module work, when the bench asks for it
handshake.connectCalled = epochNow();
const connecting = connect();
// penpal posts the SYN synchronously inside connect(), after the SDK read and validated the fragment
// and set up its link: this is when the SYN was posted (it leaves once this task ends).
handshake.connectReturned = epochNow();
busyFor(afterConnectMs()); // only when the bench asks: does the SYN leave before this task ends?

connecting.then(
  (connected) => {
    ext = connected;
    state.connected = true;
    state.connectedAt = performance.timeOrigin + performance.now();
    connected.on('lost', (e) => state.events.push(`lost:${e.code}`));
    connected.on('reconnected', () => state.events.push('reconnected'));
    connected.on('error', (e) => state.events.push(`error:${e.code}`));
    connected.navigation.onChange((path) => state.hostNavigations.push(path));
    connected.theme.on('change', () => state.themeChanges++);
    connected.auth.on('change', () => state.tokenChanges++);
  },
  (error: unknown) => {
    state.error = String((error as Error)?.message ?? error);
  },
);

function sdk(): Ext {
  if (!ext) throw new Error(`not connected${state.error ? `: ${state.error}` : ''}`);
  return ext;
}

function penpalRoundTrip(): Promise<unknown> {
  const remote = penpal?.remote;
  if (!remote) return Promise.reject(new Error('no penpal port: call benchHost.sendPenpalPort() first'));
  return remote.setTitle({ title: 'bench' });
}

function rawRoundTrip(): Promise<void> {
  const p = port;
  if (!p) return Promise.reject(new Error('no raw port: call benchHost.sendRawPort() first'));
  return new Promise((resolve) => {
    p.onmessage = () => resolve();
    p.postMessage(0);
  });
}

/** Sequential calls per latency sample: Chromium clamps performance.now() to 0.1 ms in this frame. */
const BATCH = 10;

interface Run {
  /** Per-call latency, each the mean of a batch of BATCH sequential calls (ms). */
  batched: number[];
  /** Single-call latencies, quantised to the frame's timer resolution (ms). */
  single: number[];
  totalMs: number;
}

/** Times `count` sequential calls of `fn`, both one by one and in batches of BATCH. */
async function timeSeries(fn: () => Promise<unknown>, count: number): Promise<Run> {
  const run: Run = { batched: [], single: [], totalMs: 0 };
  const start = performance.now();
  for (let i = 0; i < count; i += BATCH) {
    const batchStart = performance.now();
    let t = batchStart;
    for (let j = 0; j < BATCH; j++) {
      await fn();
      const now = performance.now();
      run.single.push(now - t);
      t = now;
    }
    run.batched.push((t - batchStart) / BATCH);
  }
  run.totalMs = performance.now() - start;
  return run;
}

export interface RoundTrip {
  /** p50 / p99 over batch means; mean and calls/s over the whole series. */
  batched: Series;
  /** p50 / p99 of single calls (quantised to the timer resolution). */
  single: Series;
}

/**
 * The round-trip comparison: blocks of SDK `host.setTitle` calls, bare penpal calls and raw
 * MessageChannel ping-pongs, interleaved so drift (GC, CPU frequency, other load) hits both alike.
 */
async function compareRoundTrips(
  calls: number,
  blocks: number,
  warmup: number,
): Promise<{
  sdk: RoundTrip;
  penpal: RoundTrip;
  raw: RoundTrip;
  timerResolutionMs: number;
  crossOriginIsolated: boolean;
}> {
  const e = sdk();
  const sdkCall = () => e.host.setTitle('bench');
  await timeSeries(sdkCall, warmup);
  await timeSeries(rawRoundTrip, warmup);
  await timeSeries(penpalRoundTrip, warmup);
  const per = Math.ceil(calls / blocks / BATCH) * BATCH;
  const empty = (): Run => ({ batched: [], single: [], totalMs: 0 });
  const all = { sdk: empty(), penpal: empty(), raw: empty() };
  for (let b = 0; b < blocks; b++) {
    for (const [name, fn] of [
      ['raw', rawRoundTrip],
      ['penpal', penpalRoundTrip],
      ['sdk', sdkCall],
    ] as const) {
      const run = await timeSeries(fn, per);
      all[name].batched.push(...run.batched);
      all[name].single.push(...run.single);
      all[name].totalMs += run.totalMs;
    }
  }
  const summary = (run: Run): RoundTrip => ({
    batched: summarize(run.batched, run.totalMs / BATCH),
    single: summarize(run.single, run.totalMs),
  });
  return {
    sdk: summary(all.sdk),
    penpal: summary(all.penpal),
    raw: summary(all.raw),
    timerResolutionMs: timerResolution(),
    crossOriginIsolated: globalThis.crossOriginIsolated,
  };
}

const benchExt = {
  state,
  timeline: () => ({
    ...pageTimeline(scriptStart, bodyStart),
    connected: state.connectedAt,
    connectCalled: handshake.connectCalled,
    connectReturned: handshake.connectReturned,
    ack1Received: arrivals.marks['ACK1'],
    helloSent: portTraffic?.marks['hello-out'],
    replyReceived: portTraffic?.marks['reply-in'],
  }),
  compareRoundTrips,
  hasBaselines: () => port !== undefined && penpal?.remote !== undefined,
  timerResolution,
  context: () => sdk().context,
  theme: () => sdk().theme.get(),
  token: () => sdk().auth.peek(),
  path: () => sdk().navigation.current,
  sdkState: () => ext?.state,
  go: (path: string) => sdk().navigation.go(path),
  toast: (message: string) => sdk().host.toast(message),
  /** Resolves with the error code a toast is refused with, and how long the refusal took (ms). */
  refusedToast: async () => {
    const start = performance.now();
    try {
      await sdk().host.toast('refused?');
      return { code: 'none', ms: performance.now() - start };
    } catch (error) {
      return { code: String((error as { code?: unknown }).code), ms: performance.now() - start };
    }
  },
  setTitle: (title: string) => sdk().host.setTitle(title),
  openLink: (url: string) => sdk().host.openLink(url),
  confirm: (message: string) => sdk().host.confirm({ title: 'Bench', message }),
  cssVar: (name: string) => getComputedStyle(document.documentElement).getPropertyValue(name).trim(),
  setFillerHeight: (px: number) => {
    document.getElementById('filler')!.style.height = `${px}px`;
  },
  documentHeight: () => Math.ceil(document.documentElement.getBoundingClientRect().height),
};
(window as unknown as { benchExt: typeof benchExt }).benchExt = benchExt;
