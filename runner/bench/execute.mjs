#!/usr/bin/env node
// Benchmark (a script, not a test): POST /v1/execute on a started runner against an in-process
// baseline (the same module instantiated and called directly, in this process, in the same run).
// Prints: cold first call of a new content hash; warm executions over HTTP keep-alive (p50, p99,
// req/s, a fresh instance per call); deadline-to-kill and pool recovery; RSS with 50 extensions.
//
// Needs: npm run build (the runner and the handler fixtures), and Debian's wrk (apt-get install -y wrk).
// Usage: npm run bench:execute -w @extsys/runner [-- --duration 8 --connections 16]
import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { encodeFrame } from '@extsys/protocol';
import { WorkerPool } from '../dist/engine/pool.js';
import {
  FIXTURES as fixtures,
  TOKEN,
  arg,
  benchStore,
  executeFrame,
  postExecute,
  startBenchRunner,
} from './support.mjs';

const duration = Number(arg('duration', '8'));
const connections = Number(arg('connections', '16'));
const PORT = 18095;

try {
  execFileSync('sh', ['-c', 'command -v wrk'], { stdio: 'ignore' });
} catch {
  console.error('bench:execute needs wrk: apt-get install -y wrk');
  process.exit(2);
}

const { work, publish } = await benchStore('execute');
const frameFor = (contentHash, extensionId, path, pattern, params = {}, timeoutMs = 5000) =>
  executeFrame({ contentHash, extensionId, path, pattern, params, timeoutMs });
const post = (frame) => postExecute(PORT, frame);

const itemsEndpoint = [['GET', '/items/:id']];
const warmHash = await publish('com.bench.warm', 'realistic.wasm', itemsEndpoint);
const hostileHash = await publish('com.bench.hostile', 'hostile.wasm', [['GET', '/loop']]);
const coldHashes = [];
for (let i = 0; i < 5; i++) coldHashes.push(await publish(`com.bench.cold${i}`, 'realistic.wasm', itemsEndpoint));
const manyHashes = [];
for (let i = 0; i < 50; i++)
  manyHashes.push(await publish(`com.bench.e${String(i).padStart(2, '0')}`, 'realistic.wasm', itemsEndpoint));

// js@1 beside wasm@1: the same routes, the realistic fixture and its JavaScript twin.
const counterEndpoints = [
  ['GET', '/items/:id'],
  ['GET', '/counter'],
];
const wasmCounterHash = await publish('com.bench.wasmcounter', 'realistic.wasm', counterEndpoints);
const jsWarmHash = await publish('com.bench.jswarm', 'js', counterEndpoints);
const jsLoopHash = await publish('com.bench.jsloop', 'js', [['GET', '/loop']]);
const jsColdHashes = [];
for (let i = 0; i < 5; i++) jsColdHashes.push(await publish(`com.bench.jscold${i}`, 'js', counterEndpoints));
const jsManyHashes = [];
for (let i = 0; i < 50; i++)
  jsManyHashes.push(await publish(`com.bench.js${String(i).padStart(2, '0')}`, 'js', counterEndpoints));

// RUNNER_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") profiles the runner under this load.
const nodeArgs = (process.env.RUNNER_NODE_ARGS ?? '').split(' ').filter(Boolean);
const runner = await startBenchRunner(work, PORT, {}, nodeArgs);
const rssMb = async () => Number(/VmRSS:\s+(\d+)/.exec(await readFile(`/proc/${runner.pid}/status`, 'utf8'))[1]) / 1024;
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

// Cold: the first call of a content hash fetches, verifies, extracts, compiles, instantiates.
const cold = [];
for (const hash of coldHashes) {
  const r = await post(
    frameFor(hash, `com.bench.cold${coldHashes.indexOf(hash)}`, '/items/1', '/items/:id', { id: '1' }),
  );
  if (r.status !== 200) throw new Error(`cold call answered ${r.status}: ${new TextDecoder().decode(r.body)}`);
  cold.push(r.ms);
}

// RSS with 50 distinct extensions loaded (each called once: verified, extracted, compiled), measured
// before the throughput run so the heap is not inflated by it.
const rssBefore = await rssMb();
for (const [i, hash] of manyHashes.entries()) {
  const r = await post(
    frameFor(hash, `com.bench.e${String(i).padStart(2, '0')}`, '/items/1', '/items/:id', { id: '1' }),
  );
  if (r.status !== 200) throw new Error(`extension ${i} answered ${r.status}`);
}
const rssAfter = await rssMb();

// The same for js@1, before any throughput run inflates the heap: cold first calls, then 50 JS
// extensions called once each.
const jsCold = [];
for (const [i, hash] of jsColdHashes.entries()) {
  const r = await post(frameFor(hash, `com.bench.jscold${i}`, '/items/1', '/items/:id', { id: '1' }));
  if (r.status !== 200) throw new Error(`js cold call answered ${r.status}: ${new TextDecoder().decode(r.body)}`);
  jsCold.push(r.ms);
}
const jsRssBefore = await rssMb();
for (const [i, hash] of jsManyHashes.entries()) {
  const r = await post(frameFor(hash, `com.bench.js${String(i).padStart(2, '0')}`, '/counter', '/counter'));
  if (r.status !== 200) throw new Error(`js extension ${i} answered ${r.status}`);
}
const jsRssAfter = await rssMb();

// In-process baseline: the same module, a fresh instance per call, no HTTP, no worker.
const warmFrame = frameFor(warmHash, 'com.bench.warm', '/items/42', '/items/:id', { id: '42' });
const handlerFrame = (path, pattern, params) =>
  encodeFrame({
    abi: 1,
    context: {
      requestId: 'req_bench',
      tenantId: 'tenant-bench',
      extensionId: 'com.bench.warm',
      installId: 'inst_1',
      version: '1.0.0',
    },
    route: { handler: 'h', pattern, params },
    http: { method: 'GET', path, query: {}, headers: {} },
    config: {},
    grants: ['log'],
  });
const innerFrame = handlerFrame('/items/42', '/items/:id', { id: '42' });
const module = await WebAssembly.compile(await readFile(join(fixtures, 'realistic.wasm')));
const minPages = 1;
const noop = () => 0n;
const imports = (memory) => ({
  env: { memory },
  runner: {
    log() {},
    kv_get: noop,
    kv_put: noop,
    kv_delete: noop,
    kv_list: noop,
    secret_get: noop,
    http_fetch: noop,
    user_get: noop,
  },
});
function callDirect() {
  const memory = new WebAssembly.Memory({ initial: minPages, maximum: 1024 });
  const { exports } = new WebAssembly.Instance(module, imports(memory));
  const ptr = exports.alloc(innerFrame.length);
  new Uint8Array(memory.buffer, ptr, innerFrame.length).set(innerFrame);
  return exports.handle(ptr, innerFrame.length);
}
let direct;
try {
  for (let i = 0; i < 500; i++) callDirect();
  const n = 5000;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) callDirect();
  const us = ((performance.now() - t0) * 1000) / n;
  direct = { us, perSecond: 1e6 / us };
} catch (error) {
  direct = { error: error.message };
}

const toMs = (text) => {
  const [, n, unit] = /([\d.]+)(us|ms|s)/.exec(text) ?? [];
  return Number(n) * (unit === 'us' ? 0.001 : unit === 's' ? 1000 : 1);
};
/** wrk posting `frame` on keep-alive connections: req/s, p50, p99 and non-2xx answers. */
async function wrk(frame, conns, seconds) {
  await writeFile(join(work, 'frame.bin'), frame);
  await writeFile(
    join(work, 'post.lua'),
    `local f = io.open("${join(work, 'frame.bin')}", "rb")
wrk.method = "POST"
wrk.body = f:read("*all")
f:close()
wrk.headers["content-type"] = "application/vnd.extsys.frame"
wrk.headers["authorization"] = "Bearer ${TOKEN}"
`,
  );
  await post(frame);
  const out = execFileSync(
    'wrk',
    [
      '-t1',
      `-c${conns}`,
      `-d${seconds}s`,
      '--latency',
      '-s',
      join(work, 'post.lua'),
      `http://127.0.0.1:${PORT}/v1/execute`,
    ],
    { encoding: 'utf8' },
  );
  return {
    rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]),
    p50: toMs(/\s50%\s+(\S+)/.exec(out)?.[1] ?? ''),
    p99: toMs(/\s99%\s+(\S+)/.exec(out)?.[1] ?? ''),
    errors: /Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? '0',
  };
}
// Warm over HTTP; then one connection, one request at a time: the latency of an unloaded call,
// without a JS client's cost.
const warm = await wrk(warmFrame, connections, duration);
const one = await wrk(warmFrame, 1, Math.max(2, Math.round(duration / 2)));
// A single sequential client for an unloaded p50.
const single = [];
for (let i = 0; i < 300; i++) single.push((await post(warmFrame)).ms);

// Deadline to kill, through HTTP (includes one HTTP round trip).
const kills = [];
for (let i = 0; i < 5; i++) {
  const r = await post(frameFor(hostileHash, 'com.bench.hostile', '/loop', '/loop', {}, 100));
  if (r.status !== 504) throw new Error(`the loop answered ${r.status}`);
  kills.push(r.ms - 100);
}
// Deadline to kill and to recovery, measured on the pool itself (no HTTP).
let onReady = () => {};
const pool = new WorkerPool({ size: 2, onReady: () => onReady() });
await new Promise((r) => setTimeout(r, 500));
const hostileModule = await WebAssembly.compile(await readFile(join(fixtures, 'hostile.wasm')));
const loopFrame = handlerFrame('/loop', '/loop', {});
const poolKills = [];
const recoveries = [];
for (let i = 0; i < 5; i++) {
  const deadlineAt = Date.now() + 100;
  let readyAt = 0;
  const ready = new Promise((r) => {
    onReady = () => {
      readyAt = performance.now();
      r();
    };
  });
  const result = await pool.run(
    'tenant-bench',
    {
      contentHash: 'hostile',
      memory: { initialPages: 1, maxPages: 1024 },
      frame: loopFrame,
      grants: ['log'],
      limits: { maxResponseBytes: 1 << 20, maxLogBytes: 65536 },
      deadlineAt,
    },
    { runtime: 'wasm@1', module: hostileModule },
    async () => '{}',
  );
  const killedAt = performance.now();
  const killLatency = Date.now() - deadlineAt;
  if (result.type !== 'timeout') throw new Error('the loop was not stopped');
  await ready;
  poolKills.push(killLatency);
  recoveries.push(readyAt - killedAt);
}
await pool.close();

// js@1 beside wasm@1, same run: the same two routes over HTTP (alternating wasm, js, wasm, js;
// medians), deadline → kill.
const pairs = { wasmItems: [], jsItems: [], wasmCounter: [], jsCounter: [] };
const routeFrames = {
  wasmItems: frameFor(wasmCounterHash, 'com.bench.wasmcounter', '/items/42', '/items/:id', { id: '42' }),
  jsItems: frameFor(jsWarmHash, 'com.bench.jswarm', '/items/42', '/items/:id', { id: '42' }),
  wasmCounter: frameFor(wasmCounterHash, 'com.bench.wasmcounter', '/counter', '/counter'),
  jsCounter: frameFor(jsWarmHash, 'com.bench.jswarm', '/counter', '/counter'),
};
const pairSeconds = Math.max(3, Math.round(duration / 2));
for (let round = 0; round < 2; round++) {
  for (const name of Object.keys(pairs)) pairs[name].push(await wrk(routeFrames[name], connections, pairSeconds));
}
const medianOf = (runs) => ({
  rps: median(runs.map((r) => r.rps)),
  p50: median(runs.map((r) => r.p50)),
  p99: median(runs.map((r) => r.p99)),
  errors: runs.map((r) => r.errors).join('+'),
});
const jsKills = [];
for (let i = 0; i < 5; i++) {
  const r = await post(frameFor(jsLoopHash, 'com.bench.jsloop', '/loop', '/loop', {}, 100));
  if (r.status !== 504) throw new Error(`the js loop answered ${r.status}`);
  jsKills.push(r.ms - 100);
}

const f = (n, d = 2) => n.toFixed(d);
console.log('runner /v1/execute benchmark (realistic handler, GET /items/:id, fresh instance per call)');
console.log(
  `cold first call of a new content hash (median of ${cold.length}): ${f(median(cold), 1)} ms  [fetch + verify + extract + compile + run]`,
);
console.log(
  `warm over HTTP, wrk -t1 -c${connections} ${duration}s: ${f(warm.rps, 0)} req/s, p50 ${f(warm.p50)} ms, p99 ${f(warm.p99)} ms, errors ${warm.errors}`,
);
console.log(`warm, one connection (wrk -c1): p50 ${f(one.p50)} ms, p99 ${f(one.p99)} ms, ${f(one.rps, 0)} req/s`);
console.log(`warm, one sequential client (Node fetch): p50 ${f(median(single))} ms`);
if (direct.error) console.log(`in-process baseline failed: ${direct.error}`);
else {
  console.log(
    `in-process baseline (same module, new instance + handle, main thread): ${f(direct.us, 1)} µs/call = ${f(direct.perSecond, 0)} calls/s`,
  );
  console.log(`ratio HTTP req/s / in-process calls/s: ${f(warm.rps / direct.perSecond)}`);
}
console.log(`deadline → kill over HTTP (median of ${kills.length}, 100 ms deadline): +${f(median(kills), 1)} ms`);
console.log(
  `deadline → kill in the pool (median): +${f(median(poolKills), 1)} ms; kill → replacement worker ready: ${f(median(recoveries), 1)} ms`,
);
console.log(
  `runner RSS: ${f(rssBefore, 0)} MB before, ${f(rssAfter, 0)} MB with ${manyHashes.length + coldHashes.length + 2} extensions loaded`,
);
console.log('');
console.log(
  `js@1 beside wasm@1 (same runner, same run; wrk -t1 -c${connections} ${pairSeconds}s × 2 rounds, medians):`,
);
for (const route of ['Items', 'Counter']) {
  const w = medianOf(pairs[`wasm${route}`]);
  const j = medianOf(pairs[`js${route}`]);
  const label = route === 'Items' ? 'GET /items/:id (route + JSON)' : 'GET /counter (route + KV get + JSON)';
  console.log(
    `  ${label}: wasm@1 ${f(w.rps, 0)} req/s p50 ${f(w.p50)} p99 ${f(w.p99)} ms; js@1 ${f(j.rps, 0)} req/s p50 ${f(j.p50)} p99 ${f(j.p99)} ms; js/wasm ${f(j.rps / w.rps)}× (errors ${w.errors} / ${j.errors})`,
  );
}
console.log(`  cold first call of a new js@1 content hash (median of ${jsCold.length}): ${f(median(jsCold), 1)} ms`);
console.log(
  `  deadline → kill of a js@1 loop over HTTP (median of ${jsKills.length}, 100 ms): +${f(median(jsKills), 1)} ms`,
);
console.log(
  `  runner RSS: ${f(jsRssBefore, 0)} MB before, ${f(jsRssAfter, 0)} MB after ${jsManyHashes.length} more js@1 extensions were called`,
);
runner.kill('SIGTERM');
await new Promise((r) => runner.once('exit', r));
process.exit(0);
