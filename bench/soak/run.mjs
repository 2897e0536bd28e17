#!/usr/bin/env node
// extsys soak benchmark (a script, not a test): `npm run bench:soak` at the repo root.
//
// Starts the real stack (runner + gateway processes, the hello example) and drives keyed increments
// of its counter through the gateway at a fixed concurrency, printing the runner's and the gateway's
// resident memory (VmRSS from /proc) every interval, then the counts. The baseline, in the same run
// and on its own fresh stack first, is the same load without idempotency keys: the memory a runner
// needs anyway, next to what keys add. Target: the runner's RSS plateaus at or under 250 MB.
// Env: BENCH_SOAK_SECONDS (300, with keys), BENCH_SOAK_BASELINE_SECONDS (60, without),
// BENCH_SOAK_CONCURRENCY (8), BENCH_SOAK_SAMPLE_SECONDS (15), BENCH_JSON=1 for a JSON line,
// RUNNER_NODE_OPTIONS (NODE_OPTIONS of the runner process, to try V8 heap settings).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStack } from '@extsys/demo';

const SECONDS = Number(process.env.BENCH_SOAK_SECONDS ?? 300);
const BASELINE_SECONDS = Number(process.env.BENCH_SOAK_BASELINE_SECONDS ?? 60);
const CONCURRENCY = Number(process.env.BENCH_SOAK_CONCURRENCY ?? 8);
const SAMPLE_SECONDS = Number(process.env.BENCH_SOAK_SAMPLE_SECONDS ?? 15);
const EXTENSION = 'com.example.hello';
const PORTS = { hostPort: 18381, runnerPort: 18380, quoteApiPort: 18382 };

async function rssMb(pid) {
  if (pid === undefined) return NaN;
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return Math.round(kb / 1024);
}

async function session(hostUrl) {
  const post = (path, body, cookie) =>
    fetch(`${hostUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
      body: JSON.stringify(body),
    });
  const login = await post('/api/login', { userId: 'alice', password: 'demo' });
  const cookie = login.headers.getSetCookie()[0].split(';', 1)[0];
  const { token } = await (await post('/api/ext-token', { extensionId: EXTENSION }, cookie)).json();
  return token;
}

/** One soak on a fresh stack: returns the RSS series and the counts. */
async function soak(label, seconds, withKeys) {
  const work = await mkdtemp(join(tmpdir(), 'extsys-soak-'));
  const stack = await startStack({
    dataDir: join(work, 'data'),
    ...PORTS,
    tokenTtlSeconds: 600,
    gatewayEnv: { EXT_RATE_LIMIT_BURST: '1000000', EXT_RATE_LIMIT_PER_SECOND: '1000000', LOG_LEVEL: 'warn' },
    runnerEnv: {
      LOG_LEVEL: 'warn',
      ...(process.env.RUNNER_NODE_OPTIONS ? { NODE_OPTIONS: process.env.RUNNER_NODE_OPTIONS } : {}),
    },
  });
  try {
    let token = await session(stack.hostUrl);
    // Tokens live at most 10 minutes: a long soak takes a new one, as a host page would.
    const renew = setInterval(async () => (token = await session(stack.hostUrl)), 240_000);
    const counts = { sent: 0, ok: 0, failed: 0, replayed: 0 };
    const series = [];
    const endAt = Date.now() + seconds * 1000;
    let n = 0;
    const client = async () => {
      while (Date.now() < endAt) {
        counts.sent++;
        const headers = { authorization: `Bearer ${token}` };
        if (withKeys) headers['idempotency-key'] = `soak-${label}-${n++}`;
        try {
          const response = await fetch(`${stack.hostUrl}/api/ext/${EXTENSION}/counter/increment`, {
            method: 'POST',
            headers,
          });
          await response.arrayBuffer();
          if (response.ok) counts.ok++;
          else counts.failed++;
          if (response.headers.get('idempotent-replayed') === 'true') counts.replayed++;
        } catch {
          counts.failed++;
        }
      }
    };
    const started = Date.now();
    const sampler = (async () => {
      for (;;) {
        const at = Math.round((Date.now() - started) / 1000);
        const sample = {
          at,
          runner: await rssMb(stack.runnerPid),
          gateway: await rssMb(stack.gatewayPid),
          sent: counts.sent,
        };
        series.push(sample);
        console.log(
          `  ${label} t=${String(at).padStart(4)} s  runner ${sample.runner} MB  gateway ${sample.gateway} MB  calls ${sample.sent}`,
        );
        if (Date.now() >= endAt) return;
        await new Promise((r) => setTimeout(r, Math.min(SAMPLE_SECONDS * 1000, Math.max(0, endAt - Date.now()))));
      }
    })();
    await Promise.all([sampler, ...Array.from({ length: CONCURRENCY }, client)]);
    clearInterval(renew);
    return { label, seconds, withKeys, counts, series };
  } finally {
    await stack.stop();
    await rm(work, { recursive: true, force: true });
  }
}

const plateau = (series, service) => {
  // The last third of the run: where a leak would keep climbing and a bounded process levels off.
  const tail = series.slice(Math.floor((series.length * 2) / 3));
  return Math.max(...tail.map((s) => s[service]));
};

console.log(
  `soak: concurrency ${CONCURRENCY}; baseline ${BASELINE_SECONDS} s without keys, then ${SECONDS} s with a fresh key per call`,
);
const baseline = await soak('no-keys', BASELINE_SECONDS, false);
const keyed = await soak('keys', SECONDS, true);
for (const run of [baseline, keyed]) {
  const { counts } = run;
  console.log(
    `${run.label.padEnd(8)} ${run.seconds} s: sent ${counts.sent}, ok ${counts.ok}, failed ${counts.failed}, replayed ${counts.replayed}` +
      ` (${Math.round(counts.sent / run.seconds)} calls/s); runner RSS start ${run.series[0].runner} MB, peak ${Math.max(...run.series.map((s) => s.runner))} MB, plateau ${plateau(run.series, 'runner')} MB;` +
      ` gateway start ${run.series[0].gateway} MB, plateau ${plateau(run.series, 'gateway')} MB`,
  );
}
const keyedPlateau = plateau(keyed.series, 'runner');
console.log(
  `runner plateau with keys ${keyedPlateau} MB vs ${plateau(baseline.series, 'runner')} MB without (×${(keyedPlateau / plateau(baseline.series, 'runner')).toFixed(2)}); target ≤ 250 MB: ${keyedPlateau <= 250 ? 'met' : 'NOT met'}`,
);
if (process.env.BENCH_JSON === '1') console.log(JSON.stringify({ baseline, keyed }));
