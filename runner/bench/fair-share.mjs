#!/usr/bin/env node
// Benchmark (a script, not a test) of fair share between tenants (issue #22): tenant B's latency for a
// trivial call (the realistic handler's GET /items/:id), alone (baseline) and while tenant A keeps
// runaway handlers (GET /loop, killed at their deadline) in flight at twice the pool's size, on the
// same started runner in the same run. Prints p50/p99 of both phases, their ratio, B's failures by
// code and A's outcomes by code.
//
// Needs: npm run build (the runner and the handler fixtures).
// Usage: npm run bench:fair-share -w @extsys/runner [-- --duration 10 --flood-deadline 2000 --workers 3
//        --tenant-max-workers 3]   (the last one replaces the default cap, e.g. to see the pool without it)
import { availableParallelism } from 'node:os';
import { decodeFrame } from '@extsys/protocol';
import { arg, benchStore, executeFrame, postExecute, startBenchRunner } from './support.mjs';

const durationMs = Number(arg('duration', '10')) * 1000;
const floodDeadlineMs = Number(arg('flood-deadline', '2000'));
const workers = Number(arg('workers', String(availableParallelism() + 1)));
const tenantMaxWorkers = arg('tenant-max-workers', undefined);
const trivialDeadlineMs = 5000;
const PORT = 18096;

const { work, publish } = await benchStore('fair-share');
const frameFor = (call) => executeFrame({ ...call, grants: ['log'] });

/** One POST /v1/execute; the outcome is `ok` (the handler answered 200) or the refusal's code. */
async function post(frame) {
  const { status, ms, body } = await postExecute(PORT, frame);
  if (status === 200) {
    const decoded = decodeFrame(body);
    return { ms, outcome: decoded.ok && decoded.header.status === 200 ? 'ok' : 'bad_answer' };
  }
  return { ms, outcome: JSON.parse(new TextDecoder().decode(body)).error.code };
}

const trivialHash = await publish('com.bench.trivial', 'realistic.wasm', [['GET', '/items/:id']], ['log']);
const runawayHash = await publish('com.bench.runaway', 'hostile.wasm', [['GET', '/loop']], ['log']);
const trivialFrame = frameFor({
  contentHash: trivialHash,
  extensionId: 'com.bench.trivial',
  tenantId: 'tenant-b',
  path: '/items/42',
  pattern: '/items/:id',
  params: { id: '42' },
  timeoutMs: trivialDeadlineMs,
});
const runawayFrame = frameFor({
  contentHash: runawayHash,
  extensionId: 'com.bench.runaway',
  tenantId: 'tenant-a',
  path: '/loop',
  pattern: '/loop',
  timeoutMs: floodDeadlineMs,
});

const runner = await startBenchRunner(work, PORT, {
  ENGINE_WORKERS: String(workers),
  ...(tenantMaxWorkers === undefined ? {} : { ENGINE_TENANT_MAX_WORKERS: tenantMaxWorkers }),
});

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
const countBy = (outcomes) =>
  Object.fromEntries([...new Set(outcomes)].map((o) => [o, outcomes.filter((x) => x === o).length]));

/** Tenant B's sequential trivial calls for `durationMs`. */
async function measureTrivial() {
  const latencies = [];
  const outcomes = [];
  const until = performance.now() + durationMs;
  while (performance.now() < until) {
    const { ms, outcome } = await post(trivialFrame);
    outcomes.push(outcome);
    if (outcome === 'ok') latencies.push(ms);
  }
  return { latencies, outcomes };
}

// Warm-up: load and compile both bundles (one runaway, killed at its deadline), settle the workers.
await post(runawayFrame);
for (let i = 0; i < 200; i++) await post(trivialFrame);

const baseline = await measureTrivial();

// The flood: 2 × pool size runaways of tenant A in flight all along; each answered one is replaced.
let flooding = true;
const floodOutcomes = [];
const flooders = Array.from({ length: 2 * workers }, async () => {
  while (flooding) floodOutcomes.push((await post(runawayFrame)).outcome);
});
// Let A fill the workers it may and its queue before B measures.
await new Promise((r) => setTimeout(r, 500));
const flooded = await measureTrivial();
flooding = false;
await Promise.all(flooders);

const f = (n) => (n === undefined ? '—' : n.toFixed(2));
const report = (label, phase) => {
  const failures = phase.outcomes.filter((o) => o !== 'ok');
  console.log(
    `${label}: ${phase.outcomes.length} calls, p50 ${f(percentile(phase.latencies, 50))} ms, p99 ${f(percentile(phase.latencies, 99))} ms, ` +
      `failed ${failures.length}${failures.length ? ` ${JSON.stringify(countBy(failures))}` : ''}`,
  );
};
console.log(
  `fair share: ${workers} workers, per-tenant cap ${tenantMaxWorkers ?? `default (${Math.max(1, workers - 1)})`}, ` +
    `tenant A floods ${2 * workers} runaways in flight (deadline ${floodDeadlineMs} ms), tenant B sequential trivial calls ` +
    `(deadline ${trivialDeadlineMs} ms), ${durationMs / 1000} s per phase`,
);
report('tenant B alone', baseline);
report('tenant B during the flood', flooded);
console.log(
  `ratio flood / alone: p50 ${f(percentile(flooded.latencies, 50) / percentile(baseline.latencies, 50))}×, ` +
    `p99 ${f(percentile(flooded.latencies, 99) / percentile(baseline.latencies, 99))}×`,
);
console.log(`tenant A outcomes: ${JSON.stringify(countBy(floodOutcomes))}`);
runner.kill('SIGTERM');
await new Promise((r) => runner.once('exit', r));
process.exit(0);
