import { afterEach, describe, expect, it, vi } from 'vitest';
import { createResizer } from '../src/resize.js';
import { hello, mount, startExtension, until, type Mounted } from './harness.js';

function harness(limits = { minHeight: 50, maxHeight: 1000, oscillationWindowMs: 1000 }) {
  let time = 0;
  const frames: (() => void)[] = [];
  const applied: number[] = [];
  const events: { height: number; frozen?: boolean }[] = [];
  const warn = vi.fn();
  const resizer = createResizer({
    limits,
    initialHeight: 320,
    apply: (h) => applied.push(h),
    onApplied: (e) => events.push(e),
    warn,
    now: () => time,
    scheduler: { request: (cb) => frames.push(cb), cancel: () => frames.splice(0) },
  });
  const frame = (advanceMs = 16) => {
    time += advanceMs;
    for (const cb of frames.splice(0)) cb();
  };
  return { resizer, applied, events, warn, frame, frames, advance: (ms: number) => (time += ms) };
}

describe('resize', () => {
  it('applies the initial height, clamps and rounds up', () => {
    const h = harness();
    expect(h.applied).toEqual([320]);
    h.resizer.request(10);
    h.frame();
    h.resizer.request(5000);
    h.frame(2000);
    h.resizer.request(100.2);
    h.frame(2000);
    expect(h.applied).toEqual([320, 50, 1000, 101]);
  });

  it('applies at most once per animation frame, the last request winning', () => {
    const h = harness();
    for (const height of [100, 200, 300, 400]) h.resizer.request(height);
    expect(h.frames).toHaveLength(1);
    h.frame();
    expect(h.applied).toEqual([320, 400]);
  });

  it('freezes an A→B→A→B oscillation at the cycle maximum with a warning, until the content changes', () => {
    const h = harness();
    for (const height of [400, 320, 400, 320, 400]) {
      h.resizer.request(height);
      h.frame(50);
    }
    expect(h.warn).toHaveBeenCalledTimes(1);
    expect(h.warn.mock.calls[0]![0]).toMatch(/400, 320|320, 400/);
    expect(h.resizer.frozen).toBe(true);
    expect(h.resizer.height).toBe(400);
    const count = h.applied.length;
    h.resizer.request(320);
    h.frame(50);
    expect(h.applied.length).toBe(count); // ignored while frozen
    h.resizer.request(600); // real content change
    h.frame(50);
    expect(h.resizer.frozen).toBe(false);
    expect(h.resizer.height).toBe(600);
  });

  it('detects a three-height cycle, and does not call slow legitimate changes an oscillation', () => {
    const h = harness();
    for (const height of [200, 300, 320, 200, 300, 320]) {
      h.resizer.request(height);
      h.frame(30);
    }
    expect(h.resizer.frozen).toBe(true);
    expect(h.resizer.height).toBe(320);

    const slow = harness();
    for (const height of [400, 320, 400, 320, 400]) {
      slow.resizer.request(height);
      slow.frame(600); // spread over seconds: a user toggling a panel
    }
    expect(slow.resizer.frozen).toBe(false);
    expect(slow.warn).not.toHaveBeenCalled();
  });

  describe('through the bridge', () => {
    let mounted: Mounted | undefined;
    afterEach(() => {
      mounted?.handle.destroy();
      mounted?.iframe.remove();
      mounted = undefined;
    });

    it('sets the iframe height (clamped to the limits) and reports it', async () => {
      const onResize = vi.fn();
      mounted = mount({ onResize, limits: { minHeight: 100, maxHeight: 900 } });
      const events: { height: number }[] = [];
      mounted.handle.on('resize', (e) => events.push(e));
      const ext = await startExtension(mounted.iframe, mounted.sent);
      await ext.call('hello', hello(mounted.nonce));
      expect(await ext.call('resize', { height: 5000 })).toEqual({ ok: true, value: null });
      await until(() => events.length === 1);
      expect(mounted.iframe.style.height).toBe('900px');
      expect(onResize).toHaveBeenCalledWith(900);
      expect(events[0]).toMatchObject({ height: 900, requested: 5000 });
    });
  });
});
