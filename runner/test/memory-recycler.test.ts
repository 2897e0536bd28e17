import { describe, expect, it } from 'vitest';
import { MemoryRecycler } from '../src/engine/memory-recycler.js';

const PAGE = 65536;

describe('recycled guest memory', () => {
  it('comes back wiped: nothing one call wrote is visible to the next', () => {
    const recycler = new MemoryRecycler();
    const first = recycler.take(2, 16);
    const bytes = new Uint8Array(first.buffer);
    bytes.fill(0xab);
    bytes.set(new TextEncoder().encode('tenant-a secret'), 4096);
    expect(recycler.recycle(first, 2, 16)).toBe(true);
    const second = recycler.take(2, 16);
    expect(second).toBe(first);
    expect(new Uint8Array(second.buffer).every((b) => b === 0)).toBe(true);
  });

  it('never reuses a memory that grew, nor one of another shape', () => {
    const recycler = new MemoryRecycler();
    const grown = recycler.take(1, 16);
    grown.grow(1);
    expect(recycler.recycle(grown, 1, 16)).toBe(false);
    expect(recycler.take(1, 16)).not.toBe(grown);
    const small = recycler.take(1, 16);
    recycler.recycle(small, 1, 16);
    expect(recycler.take(1, 32)).not.toBe(small);
    expect(recycler.take(1, 32).buffer.byteLength).toBe(PAGE);
  });

  it('keeps a bounded number of spares', () => {
    const recycler = new MemoryRecycler(2);
    const memories = [recycler.take(1, 4), recycler.take(1, 4), recycler.take(1, 4)];
    expect(memories.map((m) => recycler.recycle(m, 1, 4))).toEqual([true, true, false]);
  });
});
