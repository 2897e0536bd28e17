import type { CallOutcome, ExtClient } from './client.js';
import { sleep } from './service-process.js';

/**
 * Keyed counter increments and reads through the cluster while faults are injected: every increment
 * carries its own idempotency key and is retried with the SAME key after a failure (no answer, or
 * a 5xx), as a careful client does. An increment is acknowledged once any attempt got a 2xx; one
 * answered with a 4xx (the handler's `version_conflict` after its own retries) is a final answer
 * that applied nothing. Exactly once means: final count − count before == acknowledged keys.
 */
export interface FaultLoadOptions {
  client: ExtClient;
  durationMs: number;
  incrementers: number;
  readers: number;
  /** Injected at their offset from the start (ms), in order. */
  faults: { atMs: number; label: string; run: () => Promise<void> }[];
  /** Attempts of one key during the load (first + retries), with backoff; default 6. */
  attempts?: number;
  /** Attempts of each key still unacknowledged once the load and faults are over; default 10. */
  finalAttempts?: number;
  log?: (line: string) => void;
}

export interface FaultLoadReport {
  /** Increments sent (one per key; retries not counted). */
  sent: number;
  /** Keys acknowledged (a 2xx on some attempt). */
  ok: number;
  /** Retry attempts, all keys together. */
  retried: number;
  /** Keys never acknowledged, even after the final retries. */
  failed: number;
  /** Keys answered with a final 4xx (applied nothing). */
  refused: number;
  /** Acknowledgements that were a replay of a stored answer (`Idempotent-Replayed: true`). */
  replayed: number;
  reads: number;
  readsOk: number;
  /** Every non-2xx answer by code (first attempts and retries, increments and reads). */
  errors: Record<string, number>;
  /** Non-2xx answers without the `{error: {code, message, requestId}}` envelope (must be none). */
  unstructured: { status: number; body: unknown }[];
  /** Calls that got no answer within their deadline, or no answer at all (must be none). */
  unanswered: number;
  /** The slowest call in ms. */
  slowestMs: number;
  acknowledgedKeys: Set<string>;
  faultLog: string[];
}

export async function runFaultLoad(options: FaultLoadOptions): Promise<FaultLoadReport> {
  const log = options.log ?? (() => {});
  const attempts = options.attempts ?? 6;
  const report: FaultLoadReport = {
    sent: 0,
    ok: 0,
    retried: 0,
    failed: 0,
    refused: 0,
    replayed: 0,
    reads: 0,
    readsOk: 0,
    errors: {},
    unstructured: [],
    unanswered: 0,
    slowestMs: 0,
    acknowledgedKeys: new Set(),
    faultLog: [],
  };
  const started = Date.now();
  const endAt = started + options.durationMs;
  const pending: string[] = [];

  const note = (outcome: CallOutcome) => {
    report.slowestMs = Math.max(report.slowestMs, outcome.ms);
    if (outcome.ok) return;
    const code = outcome.code ?? String(outcome.status);
    report.errors[code] = (report.errors[code] ?? 0) + 1;
    if (outcome.status === 0) report.unanswered++;
    else if (!outcome.structured && report.unstructured.length < 20) {
      report.unstructured.push({ status: outcome.status, body: outcome.body });
    }
  };
  /** One key until acknowledged, refused, or out of attempts; true when settled. */
  const settle = async (key: string, tries: number, retry = false): Promise<boolean> => {
    for (let attempt = 0; attempt < tries; attempt++) {
      if (retry || attempt > 0) report.retried++;
      if (attempt > 0) {
        await sleep(Math.min(100 * 2 ** (attempt - 1), 2000));
      }
      const outcome = await options.client.increment(key);
      note(outcome);
      if (outcome.ok) {
        report.acknowledgedKeys.add(key);
        if (outcome.replayed) report.replayed++;
        return true;
      }
      if (outcome.status >= 400 && outcome.status < 500 && outcome.status !== 429 && outcome.status !== 408) {
        report.refused++;
        return true;
      }
    }
    return false;
  };

  const incrementer = async (id: number) => {
    for (let n = 0; Date.now() < endAt; n++) {
      const key = `load-${started}-${id}-${n}`;
      report.sent++;
      if (!(await settle(key, attempts))) pending.push(key);
    }
  };
  const reader = async () => {
    while (Date.now() < endAt) {
      report.reads++;
      const outcome = await options.client.read();
      note(outcome);
      if (outcome.ok) report.readsOk++;
      else await sleep(50);
    }
  };
  const injector = async () => {
    for (const fault of options.faults) {
      const wait = started + fault.atMs - Date.now();
      if (wait > 0) await sleep(wait);
      const line = `t=${((Date.now() - started) / 1000).toFixed(1)} s: ${fault.label} (sent ${report.sent}, acknowledged ${report.acknowledgedKeys.size})`;
      report.faultLog.push(line);
      log(line);
      await fault.run();
    }
  };

  await Promise.all([
    injector(),
    ...Array.from({ length: options.incrementers }, (_, id) => incrementer(id)),
    ...Array.from({ length: options.readers }, () => reader()),
  ]);
  log(`load over after ${((Date.now() - started) / 1000).toFixed(1)} s; ${pending.length} keys still unacknowledged`);
  for (const key of pending) {
    if (!(await settle(key, options.finalAttempts ?? 10, true))) report.failed++;
  }
  report.ok = report.acknowledgedKeys.size;
  return report;
}
