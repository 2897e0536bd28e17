import { WASM_PAGE_BYTES as PAGE } from './wasm-page.js';

/**
 * Memories that a finished call left at their initial size, zeroed, ready for the next instance.
 * A new `WebAssembly.Memory` reserves a large guarded region and keeps the thread's garbage
 * collector busy (it was the largest cost of a call); a zeroed memory of the same size and maximum
 * is indistinguishable from a new one for the next guest. Memories that grew, or whose call
 * failed, are never reused.
 */
export class MemoryRecycler {
  private readonly spares = new Map<string, WebAssembly.Memory[]>();

  constructor(private readonly maxSparesPerShape = 4) {}

  take(initialPages: number, maxPages: number): WebAssembly.Memory {
    return (
      this.spares.get(`${initialPages}:${maxPages}`)?.pop() ??
      new WebAssembly.Memory({ initial: initialPages, maximum: maxPages })
    );
  }

  /** Keeps `memory` for reuse if it is still exactly `initialPages` long; wipes it first. */
  recycle(memory: WebAssembly.Memory, initialPages: number, maxPages: number): boolean {
    if (memory.buffer.byteLength !== initialPages * PAGE) return false;
    const key = `${initialPages}:${maxPages}`;
    const spares = this.spares.get(key) ?? [];
    if (spares.length >= this.maxSparesPerShape) return false;
    new Uint8Array(memory.buffer).fill(0);
    spares.push(memory);
    this.spares.set(key, spares);
    return true;
  }
}
