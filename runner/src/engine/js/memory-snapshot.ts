import { WASM_PAGE_BYTES as PAGE } from '../wasm-page.js';

const ZERO_PAGE = Buffer.alloc(PAGE);
/**
 * Pages below the engine's stack top that a call may write, and that a reset therefore zeroes:
 * QuickJS stops JavaScript recursion at JS_MAX_STACK_BYTES (256 KiB) of C stack; 512 KiB leaves
 * room for native frames below its checks.
 */
const STACK_WINDOW_PAGES = 8;

/**
 * A copy of a js@1 instance's memory right after its module was evaluated, and the way back to it
 * after each call.
 *
 * The engine's memory is its data, then its C stack (a few MiB, almost all zero: it grows down from
 * the stack top), then its heap. A reset must leave every page exactly as it was; copying the whole
 * memory each call costs ~0.5 ms, so the snapshot keeps the pages that hold something, and a reset
 * copies those back and zeroes the zero pages a call can have written — the heap's free pages and
 * the stack's top window — when they are not zero any more (a page never written is never made
 * resident by the reset). The stack pages below the window are zero in the snapshot and out of any
 * call's reach (QuickJS's stack limit), so they stay untouched — and unresident.
 */
export class MemorySnapshot {
  private constructor(
    /** Per page: its bytes, or null for a page of zeros. */
    private readonly pages: (Uint8Array | null)[],
    /** Zero pages a call can write (heap and stack window): zeroed on every reset. */
    private readonly zeroOnReset: number[],
  ) {}

  static take(memory: WebAssembly.Memory): MemorySnapshot {
    const count = memory.buffer.byteLength / PAGE;
    const pages: (Uint8Array | null)[] = [];
    for (let p = 0; p < count; p++) {
      pages.push(isZeroPage(memory.buffer, p) ? null : new Uint8Array(memory.buffer, p * PAGE, PAGE).slice());
    }
    // The stack is the longest run of zero pages (between the data and the heap); it ends at the stack top.
    let runStart = 0;
    let best = { start: 0, end: 0 };
    for (let p = 0; p <= count; p++) {
      if (p < count && pages[p] === null) continue;
      if (p - runStart > best.end - best.start) best = { start: runStart, end: p };
      runStart = p + 1;
    }
    const zeroOnReset: number[] = [];
    for (let p = 0; p < count; p++) {
      if (pages[p] !== null) continue;
      const deepStack = p >= best.start && p < best.end - STACK_WINDOW_PAGES;
      if (!deepStack) zeroOnReset.push(p);
    }
    return new MemorySnapshot(pages, zeroOnReset);
  }

  /** Whether `memory` is still the snapshot's size (a call that grew it cannot be reset). */
  fits(memory: WebAssembly.Memory): boolean {
    return memory.buffer.byteLength === this.pages.length * PAGE;
  }

  restore(memory: WebAssembly.Memory): void {
    const bytes = new Uint8Array(memory.buffer);
    this.pages.forEach((page, p) => {
      if (page) bytes.set(page, p * PAGE);
    });
    for (const p of this.zeroOnReset) {
      if (!isZeroPage(memory.buffer, p)) bytes.fill(0, p * PAGE, (p + 1) * PAGE);
    }
  }

  /** Bytes the snapshot keeps (its non-zero pages). */
  get retainedBytes(): number {
    return this.pages.reduce((sum, page) => sum + (page ? PAGE : 0), 0);
  }
}

/**
 * A memcmp against a page of zeros (a JavaScript loop over the words took ~15 µs a page). Reading a
 * page never written does not make it resident (it maps the kernel's zero page).
 */
function isZeroPage(buffer: ArrayBuffer, page: number): boolean {
  return Buffer.from(buffer, page * PAGE, PAGE).equals(ZERO_PAGE);
}
