/**
 * The exactly-once check: keyed calls under load while a runner is killed and stalled at random
 * moments, every failed call retried with its own key after the faults (as a real client would, a
 * few times, until it is answered), then the applied count compared with the calls the client saw
 * succeed. A call is "acknowledged" when the client got a success for its key, first time or on a
 * retry; exactly once means the final count equals the number of acknowledged keys — nothing applied
 * twice, nothing acknowledged and lost. A key that never got a success may or may not have been
 * applied (its last attempt may have timed out after the runner applied it), so each such key
 * widens the bound by one: acknowledged ≤ final ≤ acknowledged + unacknowledged.
 *
 * It drives whatever it is given (a stack from `startStack`, a cluster behind a load balancer): the
 * calls, the final read and the faults are callbacks.
 */

/** What one keyed call answered. */
export interface KeyedCallOutcome {
  ok: boolean;
  status: number;
  /** The error code of a refusal (`runner_unavailable`, `timeout`...), or a network failure's name. */
  code?: string;
  /** The answer was the stored one of an earlier call with the key (`Idempotent-Replayed: true`). */
  replayed: boolean;
}

/** Faults the check injects into the service under test. */
export interface FaultTarget {
  /** A crash: SIGKILL, no graceful close. */
  kill(): Promise<void>;
  /** Brings a killed service back; resolves once it is ready. */
  restart(): Promise<void>;
  /** A stall: the process freezes with its connections open. */
  pause(): Promise<void>;
  resume(): Promise<void>;
}

export interface KeyedLoadOptions {
  /** One call with this idempotency key (the same key on the retry). */
  call(key: string): Promise<KeyedCallOutcome>;
  /** The count the calls applied, read once everything has settled. */
  readFinal(): Promise<number>;
  faults: FaultTarget;
  /** Calls in flight at once during the load. */
  concurrency: number;
  /** How long the load and the faults run. */
  durationMs: number;
  /** How long a stall lasts: longer than the caller's deadline, so calls in flight fail while applied. */
  stallMs: number;
  /** Time between faults, drawn between these bounds. */
  faultEveryMs: [number, number];
  /** Seeds the fault schedule and the kind of each fault (printed, so a run can be repeated). */
  seed: number;
  /** Resolves once the service under test answers again after the last fault (before the retries). */
  settle?: () => Promise<void>;
  /** Attempts per failed key after the faults, until one succeeds (default 5; 200 ms apart, doubling). */
  retryAttempts?: number;
  /** Progress lines. */
  log?: (line: string) => void;
}

export interface KeyedLoadReport {
  seed: number;
  sent: number;
  ok: number;
  failed: number;
  /** Failed keys retried after the faults (each until it succeeded or ran out of attempts). */
  retried: number;
  /** Retry attempts in all (a key may take more than one when the service is still slow). */
  retryAttempts: number;
  /** Retries answered from the stored answer: the first call was applied though its client saw an error. */
  replayed: number;
  /** Keys whose every retry failed: never acknowledged, so each may or may not have been applied. */
  retryFailed: number;
  /** Failed retry attempts by code: what kept a call from being acknowledged once the faults were over. */
  retryFailures: Record<string, number>;
  acknowledged: number;
  final: number;
  kills: number;
  stalls: number;
  /** First-attempt failures by code. */
  failures: Record<string, number>;
}

/** A small seeded generator (mulberry32): the same seed gives the same fault schedule. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function runKeyedLoad(options: KeyedLoadOptions): Promise<KeyedLoadReport> {
  const random = seeded(options.seed);
  const log = options.log ?? (() => {});
  const report: KeyedLoadReport = {
    seed: options.seed,
    sent: 0,
    ok: 0,
    failed: 0,
    retried: 0,
    retryAttempts: 0,
    replayed: 0,
    retryFailed: 0,
    retryFailures: {},
    acknowledged: 0,
    final: 0,
    kills: 0,
    stalls: 0,
    failures: {},
  };
  const acknowledged = new Set<string>();
  const failedKeys: string[] = [];
  const endAt = Date.now() + options.durationMs;
  let next = 0;

  const client = async (id: number) => {
    while (Date.now() < endAt) {
      const key = `k${options.seed}-${id}-${next++}`;
      report.sent++;
      const outcome = await options.call(key);
      if (outcome.ok) {
        report.ok++;
        acknowledged.add(key);
      } else {
        report.failed++;
        failedKeys.push(key);
        const code = outcome.code ?? String(outcome.status);
        report.failures[code] = (report.failures[code] ?? 0) + 1;
        await sleep(25); // a refused client backs off a little, as a real one would
      }
    }
  };

  const injector = async () => {
    const [least, most] = options.faultEveryMs;
    for (;;) {
      await sleep(least + random() * (most - least));
      if (Date.now() + options.stallMs >= endAt) return;
      if (random() < 0.5) {
        report.kills++;
        log(`fault ${report.kills + report.stalls}: kill the runner (sent ${report.sent})`);
        await options.faults.kill();
        await sleep(random() * 300);
        await options.faults.restart();
      } else {
        report.stalls++;
        log(`fault ${report.kills + report.stalls}: stall the runner ${options.stallMs} ms (sent ${report.sent})`);
        await options.faults.pause();
        await sleep(options.stallMs);
        await options.faults.resume();
      }
    }
  };

  await Promise.all([injector(), ...Array.from({ length: options.concurrency }, (_, id) => client(id))]);
  log(`load over: sent ${report.sent}, ok ${report.ok}, failed ${report.failed}; retrying each failure once`);
  await options.settle?.();
  // The faults are over: each failed call is retried with its key until it is answered. A stalled
  // runner's calls finish after their clients gave up, so a retry may find the stored answer.
  const attempts = options.retryAttempts ?? 5;
  for (const key of failedKeys) {
    report.retried++;
    for (let attempt = 1; ; attempt++) {
      report.retryAttempts++;
      const outcome = await options.call(key);
      if (outcome.ok) {
        acknowledged.add(key);
        if (outcome.replayed) report.replayed++;
        break;
      }
      const code = outcome.code ?? String(outcome.status);
      report.retryFailures[code] = (report.retryFailures[code] ?? 0) + 1;
      if (attempt === attempts) {
        report.retryFailed++;
        break;
      }
      await sleep(200 * 2 ** (attempt - 1));
    }
  }
  report.acknowledged = acknowledged.size;
  report.final = await options.readFinal();
  log(
    `sent ${report.sent}, ok ${report.ok}, failed ${report.failed}, retried ${report.retried}, ` +
      `replayed ${report.replayed}, final ${report.final} (acknowledged ${report.acknowledged}; ` +
      `kills ${report.kills}, stalls ${report.stalls}, seed ${report.seed})`,
  );
  return report;
}
