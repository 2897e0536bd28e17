import { afterEach, describe, expect, it, vi } from 'vitest';
import { startAutoResize } from '../src/resize.js';

// jsdom has no layout and no ResizeObserver: this checks the SDK's logic (round up, one message per
// frame, only on change) with a stand-in observer. Real layout loops are the e2e suite's concern.
describe('auto-resize', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('rounds up, batches per animation frame and sends only changes', () => {
    let notify: () => void = () => undefined;
    vi.stubGlobal(
      'ResizeObserver',
      class {
        constructor(cb: () => void) {
          notify = cb;
        }
        observe() {}
        disconnect() {}
      },
    );
    const frames: (() => void)[] = [];
    vi.stubGlobal('requestAnimationFrame', (cb: () => void) => frames.push(cb));
    vi.stubGlobal('cancelAnimationFrame', () => undefined);
    let height = 100.2;
    const root = { getBoundingClientRect: () => ({ height }) } as unknown as HTMLElement;
    const sent: number[] = [];
    const stop = startAutoResize((h) => sent.push(h), root);

    notify();
    notify();
    notify();
    expect(frames).toHaveLength(1); // three observations, one frame
    frames.shift()!();
    expect(sent).toEqual([101]);

    notify();
    frames.shift()!();
    expect(sent).toEqual([101]); // unchanged: nothing sent

    height = 240.01;
    notify();
    frames.shift()!();
    expect(sent).toEqual([101, 241]);
    stop();
  });

  it('is a no-op where ResizeObserver does not exist', () => {
    vi.stubGlobal('ResizeObserver', undefined);
    const send = vi.fn();
    startAutoResize(send)();
    expect(send).not.toHaveBeenCalled();
  });
});
