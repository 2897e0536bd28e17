#!/usr/bin/env node
// extsys cluster benchmark (a script, not a test): `npm run bench:cluster` at the repo root.
//
// What the shared store costs: the same closed-loop load through nginx against four set-ups, each on
// a fresh cluster, all in one run, the first being the baseline:
//   a. SQLite,     1 runner,  1 gateway   (the embedded default)
//   b. PostgreSQL, 1 runner,  1 gateway   (the store alone changes)
//   c. PostgreSQL, 2 runners, 1 gateway   (a second runner replica)
//   d. PostgreSQL, 2 runners, 2 gateways  (the cluster shape of the cluster test)
// Three calls of the hello example, each measured on its own: `read` (GET /counter: one KV read),
// `keyed echo` (POST /echo with a fresh Idempotency-Key: the call's idempotency record is written),
// and `increment` (POST /counter/increment with a fresh key: a KV write with a revision check on one
// contended key plus the record; a 409 after the handler's own retries is counted as a conflict).
// The machine's core count is printed beside the figures: on 2 cores a second replica competes for
// the same cores as the first (and as nginx, PostgreSQL and this client), so the point is the
// overhead of the shared store, not a speed-up.
// Env: BENCH_CLUSTER_SECONDS (8 per call kind), BENCH_CLUSTER_WARMUP_SECONDS (2),
// BENCH_CLUSTER_CONCURRENCY (16), BENCH_JSON=1 for a JSON line.
import { availableParallelism, cpus } from 'node:os';
import { clusterUnavailable, ExtClient, extToken, login, startCluster, call } from '@extsys/cluster';

const SECONDS = Number(process.env.BENCH_CLUSTER_SECONDS ?? 8);
const WARMUP_SECONDS = Number(process.env.BENCH_CLUSTER_WARMUP_SECONDS ?? 2);
const CONCURRENCY = Number(process.env.BENCH_CLUSTER_CONCURRENCY ?? 16);
const HELLO = 'com.example.hello';

const SETUPS = [
  { label: 'a. SQLite, 1 runner, 1 gateway', database: 'sqlite', runners: 1, gateways: 1 },
  { label: 'b. PostgreSQL, 1 runner, 1 gateway', database: 'postgres', runners: 1, gateways: 1 },
  { label: 'c. PostgreSQL, 2 runners, 1 gateway', database: 'postgres', runners: 2, gateways: 1 },
  { label: 'd. PostgreSQL, 2 runners, 2 gateways', database: 'postgres', runners: 2, gateways: 2 },
];

const unavailable = clusterUnavailable('postgres');
if (unavailable) {
  console.log(`bench:cluster: cannot run here: ${unavailable}`);
  process.exit(1);
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

/** A closed loop of `CONCURRENCY` clients for `seconds`: calls/s and latency percentiles of the 2xx. */
async function measure(kind, once, seconds) {
  const latencies = [];
  let errors = 0;
  let conflicts = 0;
  const codes = {};
  const endAt = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < endAt) {
        const outcome = await once();
        if (outcome.ok) latencies.push(outcome.ms);
        else if (outcome.status === 409) conflicts++;
        else {
          errors++;
          codes[outcome.code] = (codes[outcome.code] ?? 0) + 1;
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((x, y) => x - y);
  return {
    kind,
    callsPerSecond: latencies.length / elapsed,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    ok: latencies.length,
    conflicts,
    errors,
    codes,
  };
}

async function runSetup(setup) {
  const cluster = await startCluster({
    database: setup.database,
    runners: setup.runners,
    gateways: setup.gateways,
    accessLog: false,
    gatewayEnv: { EXT_RATE_LIMIT_BURST: '1000000', EXT_RATE_LIMIT_PER_SECOND: '1000000' },
  });
  try {
    // What each service really used: one that does not read DATABASE_URL yet keeps SQLite files.
    const storeOf = (reads) =>
      setup.database === 'sqlite' ? 'SQLite' : reads ? 'PostgreSQL' : 'SQLite (it does not read DATABASE_URL yet)';
    const cookie = await login(cluster.url, 'alice');
    const client = new ExtClient(cluster.url, HELLO, await extToken(cluster.url, cookie, HELLO));
    let n = 0;
    const run = `${Date.now().toString(36)}`;
    const kinds = {
      read: () => client.read(),
      'keyed echo': () =>
        call(`${cluster.url}/api/ext/${HELLO}/echo`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${client.token}`,
            'content-type': 'application/json',
            'idempotency-key': `bench-${run}-${n++}`,
          },
          body: '{"n":1}',
        }),
      increment: () => client.increment(`bench-${run}-${n++}`),
    };
    const results = [];
    for (const [kind, once] of Object.entries(kinds)) {
      await measure(kind, once, WARMUP_SECONDS);
      results.push(await measure(kind, once, SECONDS));
    }
    return {
      ...setup,
      runnerStore: storeOf(cluster.support.runner),
      gatewayStore: storeOf(cluster.support.gateway),
      results,
    };
  } finally {
    await cluster.stop();
  }
}

const cores = availableParallelism();
console.log(
  `bench:cluster on ${cores} cores (${cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}: ` +
    `${CONCURRENCY} clients in a closed loop through nginx, ${SECONDS} s per call kind after ${WARMUP_SECONDS} s of warm-up`,
);
const runs = [];
for (const setup of SETUPS) {
  const result = await runSetup(setup);
  runs.push(result);
  console.log(`${setup.label} — runner state: ${result.runnerStore}, gateway state: ${result.gatewayStore}`);
  for (const r of result.results) {
    console.log(
      `  ${r.kind.padEnd(11)} ${r.callsPerSecond.toFixed(0).padStart(6)} calls/s  p50 ${r.p50.toFixed(1).padStart(6)} ms  ` +
        `p99 ${r.p99.toFixed(1).padStart(6)} ms  (ok ${r.ok}, conflicts ${r.conflicts}, errors ${r.errors}${r.errors ? ` ${JSON.stringify(r.codes)}` : ''})`,
    );
  }
}
const [baseline] = runs;
console.log(`\nagainst a. (${baseline.label.slice(3)}), ${cores} cores:`);
for (const result of runs.slice(1)) {
  const ratios = result.results.map((r, i) => {
    const base = baseline.results[i];
    return `${r.kind} ×${(r.callsPerSecond / base.callsPerSecond).toFixed(2)} calls/s, p99 ×${(r.p99 / base.p99).toFixed(2)}`;
  });
  console.log(`  ${result.label}: ${ratios.join('; ')}`);
}
if (process.env.BENCH_JSON === '1')
  console.log(JSON.stringify({ cores, concurrency: CONCURRENCY, seconds: SECONDS, runs }));
