/** How much a BoundedLog keeps: the oldest entries go first once either bound is passed. */
export interface BoundedLogLimits {
  maxEntries: number;
  maxBytes: number;
}

/**
 * Recent entries in memory, in order of arrival, bounded by count and bytes (one entry is always
 * kept, however large), with live listeners: what the runner's event ring and the gateway's log
 * backlog both keep. Dropped entries are spliced out in batches, so a push stays O(1) amortised.
 */
export class BoundedLog<T extends { bytes: number }> {
  private readonly entries: T[] = [];
  /** Index of the oldest kept entry in `entries`. */
  private head = 0;
  private bytes = 0;
  private readonly listeners = new Set<(entry: T) => void>();

  constructor(
    private readonly limits: BoundedLogLimits,
    /** Told of each entry dropped for the bounds (an index kept beside the log forgets it). */
    private readonly onDrop?: (entry: T) => void,
  ) {}

  /** Keeps the entry, drops the oldest beyond the bounds, then tells the listeners. */
  push(entry: T): void {
    this.entries.push(entry);
    this.bytes += entry.bytes;
    while (this.size > this.limits.maxEntries || (this.bytes > this.limits.maxBytes && this.size > 1)) {
      const oldest = this.entries[this.head++]!;
      this.bytes -= oldest.bytes;
      this.onDrop?.(oldest);
    }
    if (this.head > 1024 && this.head * 2 > this.entries.length) {
      this.entries.splice(0, this.head);
      this.head = 0;
    }
    for (const listener of this.listeners) listener(entry);
  }

  get size(): number {
    return this.entries.length - this.head;
  }

  get totalBytes(): number {
    return this.bytes;
  }

  /** The oldest kept entry. */
  oldest(): T | undefined {
    return this.entries[this.head];
  }

  /** The kept entries from the `skip`-th oldest on (all of them by default), oldest first. */
  from(skip = 0): T[] {
    return this.entries.slice(this.head + Math.max(0, skip));
  }

  subscribe(listener: (entry: T) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
