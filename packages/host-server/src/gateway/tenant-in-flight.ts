/**
 * Calls each tenant has waiting on the runner, at most `maxPerTenant` at once. Checked before a call
 * leaves for the runner, so one tenant's burst is refused here at once instead of holding the
 * gateway's connections to the runner and its queue while other tenants wait. Counts follow the
 * tenants with calls in flight only.
 */
export class TenantInFlight {
  private readonly counts = new Map<string, number>();

  constructor(readonly maxPerTenant: number) {}

  /**
   * Takes a slot for one call; answers the function that gives it back (once, however often it is
   * called), or undefined when the tenant already has `maxPerTenant` calls in flight.
   */
  acquire(tenantId: string): (() => void) | undefined {
    const count = this.counts.get(tenantId) ?? 0;
    if (count >= this.maxPerTenant) return undefined;
    this.counts.set(tenantId, count + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.counts.get(tenantId) ?? 1) - 1;
      if (left > 0) this.counts.set(tenantId, left);
      else this.counts.delete(tenantId);
    };
  }

  inFlight(tenantId: string): number {
    return this.counts.get(tenantId) ?? 0;
  }
}
