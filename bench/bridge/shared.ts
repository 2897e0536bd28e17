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
  /** The page's module script was downloaded. */
  scriptEnd: number;
  /** The page's own module body started (every import evaluated). */
  bodyStart: number;
}

export function pageTimeline(bodyStart: number): PageTimeline {
  const origin = performance.timeOrigin;
  const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
  const script = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).find((e) =>
    e.name.endsWith('.js'),
  );
  return {
    navigationStart: origin,
    htmlEnd: origin + (nav?.responseEnd ?? NaN),
    scriptEnd: origin + (script?.responseEnd ?? NaN),
    bodyStart: origin + bodyStart,
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

/**
 * Resolves with the epoch ms at which this frame first posts an extsys port call (`{xc, m, a}`:
 * the hello), by wrapping `MessagePort.prototype.postMessage` until then; the original is put back
 * at once, so the timed round trips later run unwrapped.
 */
export function whenFirstPortCall(): Promise<number> {
  // eslint-disable-next-line @typescript-eslint/unbound-method -- put back as it was, unbound
  const original = MessagePort.prototype.postMessage;
  return new Promise((resolve) => {
    MessagePort.prototype.postMessage = function (this: MessagePort, ...args: unknown[]) {
      if ((args[0] as { xc?: unknown } | null)?.xc !== undefined) {
        MessagePort.prototype.postMessage = original;
        resolve(epochNow());
      }
      return (original as (...rest: unknown[]) => void).apply(this, args);
    };
  });
}

/**
 * The `work` query parameter of the page URL (ms): the bench's stand-in for evaluating an app's
 * own modules (React, components) before it connects. 0 when absent.
 */
export const appWorkMs = (): number => Number(new URLSearchParams(location.search).get('work') ?? 0) || 0;

/** Keeps the main thread busy for `ms`, as module evaluation does. */
export function busyFor(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // busy on purpose
  }
}
