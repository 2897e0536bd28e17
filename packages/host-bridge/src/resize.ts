/** Height limits of an extension iframe, in CSS pixels. */
export interface ResizeLimits {
  minHeight: number;
  maxHeight: number;
  /** A cycle of heights repeating within this window is an oscillation; default 1000 ms. */
  oscillationWindowMs: number;
}

export const DEFAULT_RESIZE_LIMITS: ResizeLimits = { minHeight: 40, maxHeight: 8000, oscillationWindowMs: 1000 };

export interface ResizeApplied {
  height: number;
  requested: number;
  /** Set when the height was frozen because the page's height kept cycling. */
  frozen?: boolean;
}

export interface Resizer {
  /** Asks for a content height; applied at most once per animation frame, clamped. */
  request(height: number): void;
  /** The height currently applied. */
  readonly height: number;
  readonly frozen: boolean;
  dispose(): void;
}

type FrameScheduler = { request(cb: () => void): number; cancel(id: number): void };

function defaultScheduler(): FrameScheduler {
  const raf = globalThis.requestAnimationFrame;
  const caf = globalThis.cancelAnimationFrame;
  if (typeof raf === 'function' && typeof caf === 'function') {
    return { request: (cb) => raf(() => cb()), cancel: (id) => caf(id) };
  }
  return {
    request: (cb) => setTimeout(cb, 16) as unknown as number,
    cancel: (id) => clearTimeout(id as unknown as ReturnType<typeof setTimeout>),
  };
}

/** Heights that repeat with period 2 or 3 over the last changes (A→B→A→B, A→B→C→A→B→C). */
function findCycle(history: readonly number[]): number[] | undefined {
  for (const period of [2, 3]) {
    const span = period * 2;
    if (history.length < span) continue;
    const tail = history.slice(-span);
    if (tail.every((value, i) => i < period || value === tail[i - period])) {
      const values = [...new Set(tail)];
      if (values.length >= 2) return values;
    }
  }
  return undefined;
}

/**
 * Applies content heights to the iframe: rounded up, clamped to [min, max], at most once per
 * animation frame (the last request of a frame wins). When the applied heights cycle within the
 * oscillation window (an auto-height loop: a scrollbar appears, the content reflows, it shrinks,
 * the scrollbar goes...) the height is frozen at the cycle's maximum with a warning, until the page
 * asks for a height outside the cycle.
 */
export function createResizer(options: {
  apply: (height: number) => void;
  onApplied: (event: ResizeApplied) => void;
  warn: (message: string) => void;
  limits: ResizeLimits;
  initialHeight: number;
  now?: () => number;
  scheduler?: FrameScheduler;
}): Resizer {
  const { limits } = options;
  const now = options.now ?? (() => Date.now());
  const scheduler = options.scheduler ?? defaultScheduler();
  const clamp = (h: number) => Math.min(limits.maxHeight, Math.max(limits.minHeight, Math.ceil(h)));
  let height = clamp(options.initialHeight);
  let pending: number | undefined;
  let frame: number | undefined;
  let frozenAt: { height: number; cycle: Set<number> } | undefined;
  const changes: { from: number; height: number; at: number }[] = [];
  options.apply(height);

  function flush() {
    frame = undefined;
    const requested = pending;
    pending = undefined;
    if (requested === undefined) return;
    const next = clamp(requested);
    if (frozenAt) {
      if (frozenAt.cycle.has(next)) return;
      frozenAt = undefined;
      changes.length = 0;
    }
    if (next === height) return;
    const at = now();
    changes.push({ from: height, height: next, at });
    while (changes.length > 0 && at - changes[0]!.at > limits.oscillationWindowMs) changes.shift();
    if (changes.length > 12) changes.shift();
    const cycle = findCycle([changes[0]!.from, ...changes.map((c) => c.height)].slice(-7));
    if (cycle) {
      const top = Math.max(...cycle);
      frozenAt = { height: top, cycle: new Set(cycle) };
      changes.length = 0;
      options.warn(
        `[extsys host-bridge] the extension's height keeps cycling between ${cycle.join(', ')} px ` +
          `(an auto-height loop); frozen at ${top} px until its content changes`,
      );
      if (top !== height) {
        height = top;
        options.apply(top);
      }
      options.onApplied({ height: top, requested, frozen: true });
      return;
    }
    height = next;
    options.apply(next);
    options.onApplied({ height: next, requested });
  }

  return {
    request(h) {
      pending = h;
      frame ??= scheduler.request(flush);
    },
    get height() {
      return height;
    },
    get frozen() {
      return frozenAt !== undefined;
    },
    dispose() {
      if (frame !== undefined) scheduler.cancel(frame);
      frame = undefined;
      pending = undefined;
    },
  };
}
