/** What the fair queue needs to know of a waiting call. */
export interface TenantCall {
  tenantId: string;
}

export interface TenantShareLimits {
  /**
   * Workers one tenant may hold at once. A runaway holds its worker until its deadline and a
   * worker cannot be preempted, so this must stay below the pool size: the difference is the spare
   * capacity no single tenant can take from the others.
   */
  maxRunningPerTenant: number;
  /** Calls one tenant may have waiting; past it the tenant is refused, not the runner. */
  maxQueuedPerTenant: number;
}

interface TenantState<T> {
  waiting: T[];
  running: number;
}

/**
 * The scheduling half of the worker pool (which owns the workers, deadlines and results): calls
 * wait in one FIFO per tenant, and each free worker goes to the waiting tenant that holds the
 * fewest workers, ties broken round-robin (the tenant served longest ago first). A tenant at
 * `maxRunningPerTenant` is skipped even if a worker is idle. So no tenant holds more than its share
 * while another waits, as far as finishing calls hand workers back: a worker is never taken from a
 * running call.
 */
export class FairQueue<T extends TenantCall> {
  private readonly tenants = new Map<string, TenantState<T>>();
  /** Tenants with calls waiting, in round-robin order: served longest ago first. */
  private readonly rotation = new Set<string>();
  private waitingTotal = 0;

  constructor(readonly limits: TenantShareLimits) {}

  /** Calls waiting, all tenants together. */
  get size(): number {
    return this.waitingTotal;
  }

  waitingFor(tenantId: string): number {
    return this.tenants.get(tenantId)?.waiting.length ?? 0;
  }

  runningFor(tenantId: string): number {
    return this.tenants.get(tenantId)?.running ?? 0;
  }

  /**
   * Whether a new call of this tenant may take an idle worker at once. Only when none of its own
   * calls wait (they come first) and it is under its cap; other tenants' waiting calls are never
   * eligible while a worker is idle (the pool hands a freed worker out before it parks it).
   */
  mayStartNow(tenantId: string): boolean {
    const tenant = this.tenants.get(tenantId);
    return !tenant || (tenant.waiting.length === 0 && tenant.running < this.limits.maxRunningPerTenant);
  }

  /** Whether the tenant's own queue has room for one more call. */
  hasRoomFor(tenantId: string): boolean {
    return this.waitingFor(tenantId) < this.limits.maxQueuedPerTenant;
  }

  enqueue(call: T): void {
    const tenant = this.stateOf(call.tenantId);
    tenant.waiting.push(call);
    this.waitingTotal++;
    this.rotation.add(call.tenantId);
  }

  /** Takes a call out of the queue (its deadline passed); false when it had already left it. */
  remove(call: T): boolean {
    const tenant = this.tenants.get(call.tenantId);
    const index = tenant?.waiting.indexOf(call) ?? -1;
    if (!tenant || index === -1) return false;
    tenant.waiting.splice(index, 1);
    this.waitingTotal--;
    if (tenant.waiting.length === 0) this.rotation.delete(call.tenantId);
    this.forgetIfIdle(call.tenantId, tenant);
    return true;
  }

  /** The call a free worker should run next, taken out of the queue; undefined when none may run. */
  takeNext(): T | undefined {
    let chosen: { tenantId: string; state: TenantState<T> } | undefined;
    for (const tenantId of this.rotation) {
      const state = this.tenants.get(tenantId);
      if (!state || state.running >= this.limits.maxRunningPerTenant) continue;
      if (!chosen || state.running < chosen.state.running) chosen = { tenantId, state };
      if (state.running === 0) break; // nobody holds fewer: the first in rotation order wins
    }
    if (!chosen) return undefined;
    const call = chosen.state.waiting.shift();
    if (!call) return undefined;
    this.waitingTotal--;
    // To the back of the rotation, so the next tie goes to another tenant.
    this.rotation.delete(chosen.tenantId);
    if (chosen.state.waiting.length > 0) this.rotation.add(chosen.tenantId);
    return call;
  }

  /** A call of this tenant took a worker. */
  started(tenantId: string): void {
    this.stateOf(tenantId).running++;
  }

  /** A call of this tenant gave its worker back (answered, timed out or crashed). */
  finished(tenantId: string): void {
    const tenant = this.tenants.get(tenantId);
    if (!tenant) return;
    tenant.running = Math.max(0, tenant.running - 1);
    this.forgetIfIdle(tenantId, tenant);
  }

  /** Empties the queue (the pool is closing); returns the calls that were waiting. */
  drain(): T[] {
    const calls = [...this.tenants.values()].flatMap((tenant) => tenant.waiting.splice(0));
    this.waitingTotal = 0;
    this.rotation.clear();
    for (const [tenantId, tenant] of this.tenants) this.forgetIfIdle(tenantId, tenant);
    return calls;
  }

  private stateOf(tenantId: string): TenantState<T> {
    let tenant = this.tenants.get(tenantId);
    if (!tenant) this.tenants.set(tenantId, (tenant = { waiting: [], running: 0 }));
    return tenant;
  }

  /** Memory follows the tenants with calls in the pool, not every tenant ever seen. */
  private forgetIfIdle(tenantId: string, tenant: TenantState<T>): void {
    if (tenant.running === 0 && tenant.waiting.length === 0) this.tenants.delete(tenantId);
  }
}
