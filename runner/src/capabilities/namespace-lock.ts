/**
 * One writer at a time per KV namespace (tenant + extension), from a call's first write until its
 * commit. A call's writes are buffered until it answers, so without this two calls that read the
 * same key would both find out only at commit that one of them must run again — under a hot key
 * (a counter) most calls would run several times. With it, the second writer waits at its first
 * write, then sees the first's committed value: `ifRevision` loops resolve inside the call, and the
 * commit-time check stays only as the guard. A namespace is only ever one tenant's, so one tenant's
 * slow writer can delay no one else's calls.
 */
export class NamespaceLocks {
  private readonly tails = new Map<string, Promise<void>>();

  /** Resolves, in arrival order, with the function that releases the lock (safe to call twice). */
  acquire(ns: string): Promise<() => void> {
    const previous = this.tails.get(ns) ?? Promise.resolve();
    let releaseHeld!: () => void;
    const held = new Promise<void>((resolve) => (releaseHeld = resolve));
    const tail = previous.then(() => held);
    this.tails.set(ns, tail);
    return previous.then(() => {
      let released = false;
      return () => {
        if (released) return;
        released = true;
        releaseHeld();
        if (this.tails.get(ns) === tail) this.tails.delete(ns);
      };
    });
  }

  /** Namespaces with a writer or a waiter (tests check nothing is left held). */
  get held(): number {
    return this.tails.size;
  }
}
