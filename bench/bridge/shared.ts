// Wire constants shared by the bench host page and the bench extension pages (no package code).

/** Host → extension page: here is one end of a raw MessageChannel (baseline for the call round trip). */
export const PORT_MESSAGE = 'extsys-bench:port';
/** Host → extension page: a port on which the host serves a bare penpal `setTitle` (no extsys layer). */
export const PENPAL_PORT_MESSAGE = 'extsys-bench:penpal-port';
/** Extension page without the SDK → host: the page's module script ran (baseline for mount-to-ready). */
export const LOADED_MESSAGE = 'extsys-bench:loaded';

export const EXTENSION_ID = 'dev.extsys.bench';
export const CONTENT_HASH = `sha256:${'ab'.repeat(32)}`;
/** The bench extension's UI folder inside its bundle. */
export const SDK_ENTRY = 'ui/index.html';
export const RAW_ENTRY = 'ui/raw.html';

/** Latency summary of one series, in milliseconds. */
export interface Series {
  n: number;
  p50: number;
  p99: number;
  mean: number;
  perSecond: number;
}

export function summarize(samples: readonly number[], totalMs: number): Series {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return {
    n: sorted.length,
    p50: at(0.5),
    p99: at(0.99),
    mean: totalMs / sorted.length,
    perSecond: (sorted.length * 1000) / totalMs,
  };
}

/** Absolute (epoch ms) milestones of an extension page's load, for the mount-to-ready breakdown. */
export interface PageTimeline {
  /** The document's navigation started (performance.timeOrigin). */
  navigationStart: number;
  /** The HTML response was complete. */
  htmlEnd: number;
  /** The page's module scripts (entry and chunks) were downloaded. */
  scriptEnd: number;
  /** The bundle's first module started evaluating (bench/bridge/ext/ui/start-mark.ts): parse and compile done. */
  scriptStart: number;
  /** The page's own module body started (every import evaluated). */
  bodyStart: number;
  /** The page's first paint, when reported. */
  firstPaint?: number;
}

export function pageTimeline(scriptStart: number, bodyStart: number): PageTimeline {
  const origin = performance.timeOrigin;
  const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
  // Every module of the page (the entry and its chunks): the graph runs once the last one is in.
  const scripts = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter((e) =>
    e.name.endsWith('.js'),
  );
  const scriptsEnd = scripts.length ? Math.max(...scripts.map((e) => e.responseEnd)) : NaN;
  return {
    navigationStart: origin,
    htmlEnd: origin + (nav?.responseEnd ?? NaN),
    scriptEnd: origin + scriptsEnd,
    scriptStart: origin + scriptStart,
    bodyStart: origin + bodyStart,
    ...(firstPaint() === undefined ? {} : { firstPaint: firstPaint() }),
  };
}

/** Epoch ms now, on this frame's clock (each process has its own: compare marks of one side only). */
export const epochNow = () => performance.timeOrigin + performance.now();

/**
 * The first arrival, in this window, of each penpal handshake message (`SYN`, `ACK1`, `ACK2`) since
 * the last `reset()`, seen before any other listener. Read only after a mount: not on its path.
 */
export function watchHandshakeArrivals(): { marks: Record<string, number>; reset(): void } {
  const watch = { marks: {} as Record<string, number>, reset: () => (watch.marks = {}) };
  window.addEventListener(
    'message',
    (event: MessageEvent) => {
      const data = event.data as { namespace?: unknown; type?: unknown } | null;
      if (data?.namespace === 'penpal' && typeof data.type === 'string') {
        watch.marks[data.type] ??= epochNow();
      }
    },
    true,
  );
  return watch;
}

/** Host → page, and back: one clock probe (the page answers with its epoch clock). */
export const CLOCK_MESSAGE = 'extsys-bench:clock';

/**
 * Answers the host's clock probes (`{type: CLOCK_MESSAGE, id}` → `{type, id, at}`), so the host can
 * put the page's marks on its own clock: each process has its own epoch (they differ by ms).
 */
export function answerClockProbes(): void {
  window.addEventListener('message', (event: MessageEvent) => {
    const data = event.data as { type?: unknown; id?: unknown } | null;
    if (event.source !== window.parent || data?.type !== CLOCK_MESSAGE) return;
    window.parent.postMessage({ type: CLOCK_MESSAGE, id: data.id, at: epochNow() }, '*');
  });
}

/** Which bridge port message this is, for the mount marks (`undefined`: not one we time). */
function portKind(data: unknown, direction: 'in' | 'out'): string | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const message = data as { xc?: unknown; xr?: unknown; m?: unknown };
  if (message.xc !== undefined) return message.m === 'hello' ? `hello-${direction}` : `call-${direction}`;
  if (message.xr !== undefined) return `reply-${direction}`;
  return undefined;
}

/**
 * The first send and the first arrival, in this window, of each kind of extsys port message (the
 * hello `{xc, m: 'hello'}`, its answer `{xr}`) since the last `reset()`: `hello-out`, `reply-in` in
 * the extension frame; `hello-in`, `reply-out` on the host. Wraps `MessagePort.prototype`
 * (postMessage and the listeners added from now on), so install it only for the mount series: the
 * call round trips (a) run unwrapped.
 */
export function watchPortTraffic(): { marks: Record<string, number>; reset(): void } {
  const watch = { marks: {} as Record<string, number>, reset: () => (watch.marks = {}) };
  const proto = MessagePort.prototype;
  /* eslint-disable @typescript-eslint/unbound-method -- wrapped and called with their receiver */
  const post = proto.postMessage;
  const add = proto.addEventListener;
  const remove = proto.removeEventListener;
  /* eslint-enable @typescript-eslint/unbound-method */
  const wrapped = new WeakMap<object, EventListener>();
  proto.postMessage = function (this: MessagePort, ...args: unknown[]) {
    const kind = portKind(args[0], 'out');
    if (kind) watch.marks[kind] ??= epochNow();
    return (post as (...rest: unknown[]) => void).apply(this, args);
  };
  proto.addEventListener = function (this: MessagePort, type: string, listener: unknown, ...rest: unknown[]) {
    if (type === 'message' && typeof listener === 'function') {
      const inner = listener as EventListener;
      const outer: EventListener = (event) => {
        const kind = portKind((event as MessageEvent).data, 'in');
        if (kind) watch.marks[kind] ??= epochNow();
        inner.call(this, event);
      };
      wrapped.set(inner, outer);
      listener = outer;
    }
    return (add as (...all: unknown[]) => void).call(this, type, listener, ...rest);
  };
  proto.removeEventListener = function (this: MessagePort, type: string, listener: unknown, ...rest: unknown[]) {
    const outer = typeof listener === 'function' ? wrapped.get(listener) : undefined;
    return (remove as (...all: unknown[]) => void).call(this, type, outer ?? listener, ...rest);
  };
  return watch;
}

/** Whether the host asked this page for its mount marks (`marks=1`): the port watch is installed then. */
export const marksWanted = (): boolean => new URLSearchParams(location.search).get('marks') === '1';

/** The page's first paint (epoch ms), when the browser reported one. */
export function firstPaint(): number | undefined {
  const entry = performance.getEntriesByType('paint').find((e) => e.name === 'first-paint');
  return entry ? performance.timeOrigin + entry.startTime : undefined;
}

/**
 * The `work` query parameter of the page URL (ms): the bench's stand-in for evaluating an app's
 * own modules (React, components) before it connects. 0 when absent.
 */
export const appWorkMs = (): number => Number(new URLSearchParams(location.search).get('work') ?? 0) || 0;

/** The `after` query parameter (ms): busy work right after connect() returned, in the same task. 0 when absent. */
export const afterConnectMs = (): number => Number(new URLSearchParams(location.search).get('after') ?? 0) || 0;

/** Keeps the main thread busy for `ms`, as module evaluation does. */
export function busyFor(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // busy on purpose
  }
}

/** The smallest non-zero step performance.now() shows in this window (Chromium coarsens it without isolation). */
export function timerResolution(): number {
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
