// The bench extension page: @extsys/ext-sdk only. bench/bridge/run.mjs drives it through Playwright
// (frame.evaluate on window.benchExt); the timed loops run here, in the extension's own frame.
import { connect, type Ext } from '@extsys/ext-sdk';
import { PORT_MESSAGE, summarize, type Series } from '../../shared.js';

const state = {
  connected: false,
  error: undefined as string | undefined,
  connectedAt: NaN,
  /** performance.timeOrigin + connectedAt: comparable with the host's clock. */
  events: [] as string[],
  hostNavigations: [] as string[],
  themeChanges: 0,
  tokenChanges: 0,
};

let ext: Ext | undefined;
let port: MessagePort | undefined;

// The raw MessageChannel baseline: the host hands over a port and echoes on it.
window.addEventListener('message', (event: MessageEvent) => {
  if (event.source !== window.parent || (event.data as { type?: unknown })?.type !== PORT_MESSAGE) return;
  port?.close();
  port = event.ports[0];
  port?.start();
});

connect().then(
  (connected) => {
    ext = connected;
    state.connected = true;
    state.connectedAt = performance.now();
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

function rawRoundTrip(): Promise<void> {
  const p = port;
  if (!p) return Promise.reject(new Error('no raw port: call benchHost.sendRawPort() first'));
  return new Promise((resolve) => {
    p.onmessage = () => resolve();
    p.postMessage(0);
  });
}

/** Times `count` sequential calls of `fn`; returns the per-call samples (ms) and the total. */
async function timeSeries(fn: () => Promise<unknown>, count: number): Promise<{ samples: number[]; totalMs: number }> {
  const samples: number[] = new Array<number>(count);
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    const t = performance.now();
    await fn();
    samples[i] = performance.now() - t;
  }
  return { samples, totalMs: performance.now() - start };
}

/**
 * The round-trip comparison: blocks of SDK `host.setTitle` calls and raw MessageChannel
 * ping-pongs, interleaved so drift (GC, CPU frequency) hits both alike.
 */
async function compareRoundTrips(
  calls: number,
  blocks: number,
  warmup: number,
): Promise<{ sdk: Series; raw: Series; timerResolutionMs: number; crossOriginIsolated: boolean }> {
  const e = sdk();
  const sdkCall = () => e.host.setTitle('bench');
  await timeSeries(sdkCall, warmup);
  await timeSeries(rawRoundTrip, warmup);
  const per = Math.ceil(calls / blocks);
  const all = { sdk: { samples: [] as number[], totalMs: 0 }, raw: { samples: [] as number[], totalMs: 0 } };
  for (let b = 0; b < blocks; b++) {
    for (const [name, fn] of [
      ['raw', rawRoundTrip],
      ['sdk', sdkCall],
    ] as const) {
      const run = await timeSeries(fn, per);
      all[name].samples.push(...run.samples);
      all[name].totalMs += run.totalMs;
    }
  }
  return {
    sdk: summarize(all.sdk.samples, all.sdk.totalMs),
    raw: summarize(all.raw.samples, all.raw.totalMs),
    timerResolutionMs: timerResolution(),
    crossOriginIsolated: globalThis.crossOriginIsolated,
  };
}

/** The smallest non-zero step performance.now() shows here (Chromium coarsens it without isolation). */
function timerResolution(): number {
  let smallest = Infinity;
  let last = performance.now();
  for (let i = 0; i < 200_000 && smallest > 0.001; i++) {
    const now = performance.now();
    if (now !== last) {
      smallest = Math.min(smallest, now - last);
      last = now;
    }
  }
  return smallest;
}

const benchExt = {
  state,
  compareRoundTrips,
  timerResolution,
  context: () => sdk().context,
  theme: () => sdk().theme.get(),
  token: () => sdk().auth.peek(),
  path: () => sdk().navigation.current,
  sdkState: () => ext?.state,
  go: (path: string) => sdk().navigation.go(path),
  toast: (message: string) => sdk().host.toast(message),
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
