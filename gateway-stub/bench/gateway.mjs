#!/usr/bin/env node
// Benchmark (a script, not a test): a call through the gateway's /api/ext/... (the @extsys/host-server
// proxy, as the gateway-stub mounts it: its Fastify plugin) against the same call
// made directly to the runner (/v1/execute), in the same run, same handler, same machine, same load
// generator (wrk: one thread, keep-alive connections), in one or more CPU layouts (taskset).
// Needs: npm run build, Debian's wrk (apt-get install -y wrk); taskset (util-linux) for the layouts.
//
// Usage: npm run bench:gateway -w @extsys/gateway-stub [-- options]
//   --duration S       seconds per loaded run (default 5); sequential runs last S/2 (min 3)
//   --connections N    wrk connections for the loaded runs (default 16)
//   --repeat N         rounds per layout (default 3); each round measures both paths, ABBA order
//   --layouts a,b      shared, gateway-core, runner-core (default: all three on a 2-core box)
//   --log-level L      LOG_LEVEL of both servers (default info: the audit lines are part of the cost)
//   --floor            also measure a bare Node proxy (bench/bare-proxy.mjs) in the gateway's place:
//                      the cost of the extra hop itself, without Fastify, checks or logging
// GATEWAY_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' adds Node flags to the gateway;
// GATEWAY_MAIN=path/to/main.js runs another build of the gateway (to compare two builds).
//
// The layouts (CPU numbers are `taskset` ones):
//   shared        nobody pinned: wrk, the gateway, the runner's main thread and its workers share all cores
//   gateway-core  runner + wrk on cpu0, gateway alone on cpu1 (the runner gets the same core both ways;
//                 the gateway's cost shows as latency and as whether it keeps up, not as stolen runner CPU)
//   runner-core   runner alone on cpu0, gateway + wrk on cpu1
// Per run it also reads each server's CPU time (/proc/PID/stat) and wrk's (`times`), so the per-request
// CPU cost of every process is printed next to the wall-clock figures: that part does not depend on
// the other jobs on the machine the way req/s and latency do.
import { execFileSync, spawn } from 'node:child_process';
import { createPublicKey } from 'node:crypto';
import { closeSync, ftruncateSync, openSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateSigningKey, packBundle, serializeSignature, signBundle, trustBundleFile } from '@extsys/bundle';
import { encodeFrame } from '@extsys/protocol';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : process.argv[i + 1];
};
const duration = Number(arg('duration', '5'));
const seqDuration = Math.max(3, Math.round(duration / 2));
const connections = Number(arg('connections', '16'));
const repeat = Number(arg('repeat', '3'));
const logLevel = arg('log-level', 'info');
const SERVICE = 'bench-service-token-0123456789abcdef';
const ADMIN = 'bench-admin-token-0123456789abcdef0000';
const RUNNER_PORT = 18097;
const GATEWAY_PORT = 18098;
const BARE_PORT = 18099;
const floor = process.argv.includes('--floor');

const has = (cmd) => {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};
if (!has('wrk')) {
  console.error('bench:gateway needs wrk: apt-get install -y wrk');
  process.exit(2);
}
const LAYOUTS = {
  shared: { runner: null, gateway: null, wrk: null, text: 'nothing pinned: wrk, gateway, runner share every core' },
  'gateway-core': { runner: '0', gateway: '1', wrk: '0', text: 'runner + wrk on cpu0, gateway alone on cpu1' },
  'runner-core': { runner: '0', gateway: '1', wrk: '1', text: 'runner alone on cpu0, gateway + wrk on cpu1' },
};
const canPin = has('taskset') && availableParallelism() >= 2;
const layouts = (arg('layouts', canPin ? Object.keys(LAYOUTS).join(',') : 'shared') ?? '').split(',');
for (const name of layouts) {
  if (!LAYOUTS[name]) throw new Error(`unknown layout ${name}; known: ${Object.keys(LAYOUTS).join(', ')}`);
  if (name !== 'shared' && !canPin) throw new Error(`layout ${name} needs taskset and 2 cores`);
}

const work = await mkdtemp(join(tmpdir(), 'extsys-bench-gateway-'));
const key = generateSigningKey();
const trust = join(work, 'trust.json');
await writeFile(
  trust,
  JSON.stringify(trustBundleFile([{ name: 'bench', publicKey: createPublicKey(key.privateKeyPem) }])),
);
const src = join(work, 'src');
await mkdir(join(src, 'handler'), { recursive: true });
await writeFile(
  join(src, 'handler/handler.wasm'),
  await readFile(join(root, 'packages/handler-sdk/fixtures/dist/realistic.wasm')),
);
await writeFile(
  join(src, 'manifest.json'),
  JSON.stringify({
    manifestVersion: 2,
    name: 'com.bench.hello',
    publisher: 'Bench',
    version: '1.0.0',
    runtime: 'wasm@1',
    capabilities: ['log'],
    api: { module: 'handler/handler.wasm', endpoints: [{ method: 'GET', path: '/items/:id', handler: 'items' }] },
  }),
);
const packed = await packBundle(src);
const signature = serializeSignature(signBundle(packed.bytes, key.privateKeyPem));

// Both servers log to files (a real write per line, as in production); the files are emptied
// between runs, after the gateway's audit lines were counted.
const logs = { runner: join(work, 'runner.log'), gateway: join(work, 'gateway.log') };
const children = [];
process.on('exit', () => children.forEach((c) => c.kill('SIGKILL')));
const common = {
  ...process.env,
  HOST: '127.0.0.1',
  LOG_LEVEL: logLevel,
  SIGNING_TRUST_BUNDLE: trust,
  RUNNER_SERVICE_TOKEN: SERVICE,
  BUNDLE_STORE: join(work, 'store'),
};
function start(args, env, log) {
  const fd = openSync(log, 'a');
  const child = spawn(process.execPath, args, { stdio: ['ignore', fd, fd], env });
  closeSync(fd);
  children.push(child);
  return child;
}
const runner = start(
  [join(root, 'runner/dist/main.js')],
  {
    ...common,
    PORT: String(RUNNER_PORT),
    BUNDLE_CACHE_DIR: join(work, 'cache'),
    KV_DB_PATH: join(work, 'kv.sqlite'),
  },
  logs.runner,
);
const gateway = start(
  [
    ...(process.env.GATEWAY_NODE_ARGS ?? '').split(' ').filter(Boolean),
    process.env.GATEWAY_MAIN ? resolve(process.env.GATEWAY_MAIN) : join(here, '../dist/main.js'),
  ],
  {
    ...common,
    PORT: String(GATEWAY_PORT),
    GATEWAY_DATA_DIR: join(work, 'gateway'),
    RUNNER_URL: `http://127.0.0.1:${RUNNER_PORT}`,
    ADMIN_TOKEN: ADMIN,
    EXT_RATE_LIMIT_BURST: '1000000',
    EXT_RATE_LIMIT_PER_SECOND: '1000000',
  },
  logs.gateway,
);
const bare = floor
  ? start(
      [join(here, 'bare-proxy.mjs')],
      { ...process.env, PORT: String(BARE_PORT), RUNNER_URL: `http://127.0.0.1:${RUNNER_PORT}` },
      join(work, 'bare.log'),
    )
  : undefined;
for (const [name, port] of [
  ['runner', RUNNER_PORT],
  ['gateway', GATEWAY_PORT],
]) {
  let up = false;
  for (let i = 0; i < 100 && !up; i++) {
    try {
      up = (await fetch(`http://127.0.0.1:${port}/healthz`)).ok;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  if (!up) throw new Error(`the ${name} did not start:\n${readFileSync(logs[name], 'utf8').slice(-2000)}`);
}
const gw = `http://127.0.0.1:${GATEWAY_PORT}`;
const published = await fetch(`${gw}/api/admin/bundles`, {
  method: 'POST',
  headers: {
    authorization: `Bearer ${ADMIN}`,
    'content-type': 'application/vnd.extsys.bundle',
    'x-extsys-signature': Buffer.from(signature).toString('base64url'),
  },
  body: packed.bytes,
});
if (!published.ok) throw new Error(`publish: ${published.status} ${await published.text()}`);
const installRes = await fetch(`${gw}/api/admin/installs`, {
  method: 'POST',
  headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
  body: JSON.stringify({ tenantId: 'acme', extensionId: 'com.bench.hello', version: '1.0.0' }),
});
const { install } = await installRes.json();
const login = await fetch(`${gw}/api/login`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ userId: 'alice', password: 'demo' }),
});
const cookie = login.headers.get('set-cookie').split(';')[0];
/** A fresh token per run: the whole bench lasts longer than a token's lifetime. */
async function gatewayScript() {
  const res = await fetch(`${gw}/api/ext-token`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json' },
    body: JSON.stringify({ extensionId: 'com.bench.hello' }),
  });
  const { token } = await res.json();
  const path = join(work, 'gateway.lua');
  await writeFile(path, `wrk.headers["authorization"] = "Bearer ${token}"\n`);
  return path;
}

// The same execute call the gateway makes (same context, route, headers, limits, grants, user), for
// the direct baseline.
await writeFile(
  join(work, 'frame.bin'),
  encodeFrame({
    context: {
      requestId: 'req_bench_direct_0001',
      tenantId: 'acme',
      extensionId: 'com.bench.hello',
      installId: install.id,
      contentHash: packed.contentHash,
      version: '1.0.0',
    },
    route: { handler: 'items', pattern: '/items/:id', params: { id: '42' } },
    http: { method: 'GET', path: '/items/42', query: {}, headers: { 'x-request-id': 'req_bench_direct_0001' } },
    limits: { timeoutMs: 10000 },
    grants: ['log'],
    egress: [],
    config: {},
    secrets: {},
    user: { id: 'alice', displayName: 'Alice Admin', email: 'alice@acme.example' },
  }),
);
const directScript = join(work, 'direct.lua');
await writeFile(
  directScript,
  `local f = io.open("${join(work, 'frame.bin')}", "rb")\nwrk.method = "POST"\nwrk.body = f:read("*all")\nf:close()\nwrk.headers["content-type"] = "application/vnd.extsys.frame"\nwrk.headers["authorization"] = "Bearer ${SERVICE}"\n`,
);

const TICK_US = 1e6 / Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim() || 100);
/** User + system CPU time of a process (all its threads), in µs. */
function cpuUs(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { user: Number(fields[11]) * TICK_US, sys: Number(fields[12]) * TICK_US };
}
const cpuOf = (pid) => (pid === undefined ? { user: 0, sys: 0 } : cpuUs(pid));
function pin(pid, cpus) {
  execFileSync('taskset', ['-a', '-p', '-c', cpus ?? `0-${availableParallelism() - 1}`, String(pid)], {
    stdio: 'ignore',
  });
}
const toMs = (text) => {
  const [, n, unit] = /([\d.]+)(us|ms|s)/.exec(text) ?? [];
  return Number(n) * (unit === 'us' ? 0.001 : unit === 's' ? 1000 : 1);
};
const toSeconds = (text) => {
  const [, m, s] = /(\d+)m([\d.]+)s/.exec(text) ?? [];
  return Number(m) * 60 + Number(s);
};
function countLines(path, needle) {
  const text = readFileSync(path, 'utf8');
  let n = 0;
  for (let i = text.indexOf(needle); i !== -1; i = text.indexOf(needle, i + needle.length)) n++;
  return n;
}

/** One wrk run; `times` after it gives wrk's own CPU time. */
function wrk({ script, url, conns, seconds, cpus }) {
  const wrkArgs = ['-t1', `-c${conns}`, `-d${seconds}s`, '--latency', '-s', script, url];
  const cmd = `${cpus === null ? '' : `taskset -c ${cpus} `}wrk ${wrkArgs.join(' ')}`;
  const before = { runner: cpuUs(runner.pid), gateway: cpuUs(gateway.pid), bare: cpuOf(bare?.pid) };
  const out = execFileSync('sh', ['-c', `${cmd}; times`], { encoding: 'utf8' });
  const requests = Number(/(\d+) requests in/.exec(out)?.[1]);
  const after = { runner: cpuUs(runner.pid), gateway: cpuUs(gateway.pid), bare: cpuOf(bare?.pid) };
  const per = (name) => ({
    user: (after[name].user - before[name].user) / requests,
    sys: (after[name].sys - before[name].sys) / requests,
    total: (after[name].user + after[name].sys - before[name].user - before[name].sys) / requests,
  });
  const errors = /Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? /Socket errors: (.*)/.exec(out)?.[1];
  if (errors) throw new Error(`${url}: errors: ${errors}\n${out}`);
  const timesLines = out.trim().split('\n').slice(-1)[0].trim().split(/\s+/);
  const wrkCpu = (toSeconds(timesLines[0]) + toSeconds(timesLines[1])) * 1e6;
  return {
    requests,
    rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]),
    p50: toMs(/\s50%\s+(\S+)/.exec(out)?.[1] ?? ''),
    p99: toMs(/\s99%\s+(\S+)/.exec(out)?.[1] ?? ''),
    cpu: { runner: per('runner').total, gateway: per('gateway'), bare: per('bare'), wrk: wrkCpu / requests },
  };
}
const TARGETS = {
  direct: { script: () => directScript, url: `http://127.0.0.1:${RUNNER_PORT}/v1/execute` },
  gateway: { script: () => currentGatewayScript, url: `${gw}/api/ext/com.bench.hello/items/42` },
  bare: { script: () => directScript, url: `http://127.0.0.1:${BARE_PORT}/v1/execute` },
};
function measure(kind, layout, conns, seconds) {
  const result = wrk({
    script: TARGETS[kind].script(),
    url: TARGETS[kind].url,
    conns,
    seconds,
    cpus: LAYOUTS[layout].wrk,
  });
  if (kind === 'gateway' && logLevel === 'info') {
    // The audit line is part of the cost measured: check there is one per call.
    const audited = countLines(logs.gateway, '"audit":"ext.call"');
    if (audited < result.requests) throw new Error(`${audited} audit lines for ${result.requests} gateway calls`);
  }
  for (const log of [logs.gateway, logs.runner]) {
    const fd = openSync(log, 'r+');
    ftruncateSync(fd);
    closeSync(fd);
  }
  return result;
}

let currentGatewayScript = await gatewayScript();
const f = (n, d = 2) => (Number.isFinite(n) ? n.toFixed(d) : '-');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const range = (xs, d = 2) =>
  xs.length === 1 ? f(xs[0], d) : `${f(median(xs), d)} (${f(Math.min(...xs), d)}–${f(Math.max(...xs), d)})`;

console.log(
  `gateway (@extsys/host-server proxy, Fastify plugin) vs direct runner: realistic handler GET /items/:id; wrk -t1 keep-alive, -c${connections} ${duration} s loaded and -c1 ${seqDuration} s sequential (one connection); LOG_LEVEL=${logLevel} (logs to files); ${repeat} round(s) per layout; ${availableParallelism()} cores; ${new Date().toISOString()}`,
);
const kinds = floor ? ['direct', 'gateway', 'bare'] : ['direct', 'gateway'];
const summary = [];
for (const layout of layouts) {
  const spec = LAYOUTS[layout];
  pin(runner.pid, spec.runner);
  pin(gateway.pid, spec.gateway);
  if (bare) pin(bare.pid, spec.gateway);
  // Warm every path up (JIT, connection pools) in this layout: the first seconds of a fresh process
  // cost more CPU per call (optimising compiler threads count in the process's CPU time).
  for (const kind of kinds) measure(kind, layout, connections, layout === layouts[0] ? 3 : 1);
  console.log(
    `\nlayout ${layout}: ${spec.text}; load average at start ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  console.log(
    'round path    |  req/s | p50 ms | p99 ms | one-connection p50 ms | CPU µs/call: proxy user+sys · runner · wrk',
  );
  const rows = [];
  for (let round = 1; round <= repeat; round++) {
    currentGatewayScript = await gatewayScript();
    // ABBA order: drift of the background load hits every path alike.
    const order = round % 2 === 1 ? kinds : [...kinds].reverse();
    const loaded = {};
    for (const kind of order) loaded[kind] = measure(kind, layout, connections, duration);
    const seq = {};
    for (const kind of [...order].reverse()) seq[kind] = measure(kind, layout, 1, seqDuration);
    for (const kind of kinds) {
      const r = loaded[kind];
      const proxy = kind === 'direct' ? '-' : `${f(r.cpu[kind].user, 0)}+${f(r.cpu[kind].sys, 0)}`;
      console.log(
        `${String(round).padStart(5)} ${kind.padEnd(7)} | ${f(r.rps, 0).padStart(6)} | ${f(r.p50).padStart(6)} | ${f(r.p99).padStart(6)} | ${f(seq[kind].p50, 3).padStart(21)} | ${proxy} · ${f(r.cpu.runner, 0)} · ${f(r.cpu.wrk, 0)}`,
      );
    }
    const row = {
      ratio: loaded.gateway.rps / loaded.direct.rps,
      added: loaded.gateway.p50 - loaded.direct.p50,
      seqAdded: seq.gateway.p50 - seq.direct.p50,
      gwCpu: loaded.gateway.cpu.gateway.total,
      ...(floor
        ? {
            bareRatio: loaded.bare.rps / loaded.direct.rps,
            bareSeqAdded: seq.bare.p50 - seq.direct.p50,
            bareCpu: loaded.bare.cpu.bare.total,
          }
        : {}),
    };
    rows.push(row);
    console.log(
      `      → throughput ratio ${f(row.ratio)}; added p50 ${f(row.added)} ms loaded, ${f(row.seqAdded, 3)} ms one connection${
        floor ? ` (bare proxy: ${f(row.bareRatio)}, ${f(row.bareSeqAdded, 3)} ms)` : ''
      }`,
    );
  }
  summary.push({ layout, rows });
}
console.log('\nsummary: median (min–max) over the rounds');
console.log(
  `layout        | ratio gw/direct    | added p50, loaded     | added p50, one connection | gateway CPU µs/call${
    floor ? ' | bare proxy: ratio · added p50 one conn. · CPU µs/call' : ''
  }`,
);
for (const { layout, rows } of summary) {
  const col = (key, d) =>
    range(
      rows.map((r) => r[key]),
      d,
    );
  console.log(
    `${layout.padEnd(13)} | ${col('ratio', 2).padEnd(18)} | ${`${col('added', 2)} ms`.padEnd(21)} | ${`${col('seqAdded', 3)} ms`.padEnd(25)} | ${col('gwCpu', 0).padEnd(19)}${
      floor ? ` | ${col('bareRatio', 2)} · ${col('bareSeqAdded', 3)} ms · ${col('bareCpu', 0)}` : ''
    }`,
  );
}
console.log('target: the gateway adds ≤ 0.5 ms at p50 and keeps ≥ 0.70× the direct throughput');
for (const child of children) child.kill('SIGTERM');
await Promise.all(children.map((child) => new Promise((r) => child.once('exit', r))));
process.exit(0);
