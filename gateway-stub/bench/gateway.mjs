#!/usr/bin/env node
// Benchmark (a script, not a test): a call through the gateway (/api/ext/...) against the same call
// made directly to the runner (/v1/execute), in the same run, same handler, same machine.
// Needs: npm run build, and Debian's wrk (apt-get install -y wrk).
// Usage: npm run bench:gateway -w @extsys/gateway-stub [-- --duration 8 --connections 16]
import { execFileSync, spawn } from 'node:child_process';
import { createPublicKey } from 'node:crypto';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
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
const duration = Number(arg('duration', '8'));
const connections = Number(arg('connections', '16'));
const SERVICE = 'bench-service-token-0123456789abcdef';
const ADMIN = 'bench-admin-token-0123456789abcdef0000';
const RUNNER_PORT = 18097;
const GATEWAY_PORT = 18098;

try {
  execFileSync('sh', ['-c', 'command -v wrk'], { stdio: 'ignore' });
} catch {
  console.error('bench:gateway needs wrk: apt-get install -y wrk');
  process.exit(2);
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

const children = [];
process.on('exit', () => children.forEach((c) => c.kill('SIGKILL')));
const common = {
  ...process.env,
  HOST: '127.0.0.1',
  LOG_LEVEL: 'warn',
  SIGNING_TRUST_BUNDLE: trust,
  RUNNER_SERVICE_TOKEN: SERVICE,
  BUNDLE_STORE: join(work, 'store'),
};
children.push(
  spawn(process.execPath, [join(root, 'runner/dist/main.js')], {
    stdio: 'ignore',
    env: {
      ...common,
      PORT: String(RUNNER_PORT),
      BUNDLE_CACHE_DIR: join(work, 'cache'),
      KV_DB_PATH: join(work, 'kv.sqlite'),
    },
  }),
);
children.push(
  spawn(
    process.execPath,
    [...(process.env.GATEWAY_NODE_ARGS ?? '').split(' ').filter(Boolean), join(here, '../dist/main.js')],
    {
      stdio: 'ignore',
      env: {
        ...common,
        PORT: String(GATEWAY_PORT),
        GATEWAY_DATA_DIR: join(work, 'gateway'),
        RUNNER_URL: `http://127.0.0.1:${RUNNER_PORT}`,
        ADMIN_TOKEN: ADMIN,
        EXT_RATE_LIMIT_BURST: '1000000',
        EXT_RATE_LIMIT_PER_SECOND: '1000000',
      },
    },
  ),
);
for (const port of [RUNNER_PORT, GATEWAY_PORT]) {
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) break;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
const gw = `http://127.0.0.1:${GATEWAY_PORT}`;
await fetch(`${gw}/api/admin/bundles`, {
  method: 'POST',
  headers: {
    authorization: `Bearer ${ADMIN}`,
    'content-type': 'application/vnd.extsys.bundle',
    'x-extsys-signature': Buffer.from(signature).toString('base64url'),
  },
  body: packed.bytes,
});
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
const { token } = await (
  await fetch(`${gw}/api/ext-token`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json' },
    body: JSON.stringify({ extensionId: 'com.bench.hello' }),
  })
).json();

// The same execute call the gateway makes, for the direct baseline.
await writeFile(
  join(work, 'frame.bin'),
  encodeFrame({
    context: {
      requestId: 'req_bench',
      tenantId: 'acme',
      extensionId: 'com.bench.hello',
      installId: install.id,
      contentHash: packed.contentHash,
      version: '1.0.0',
    },
    route: { handler: 'items', pattern: '/items/:id', params: { id: '42' } },
    http: { method: 'GET', path: '/items/42', query: {}, headers: { 'x-request-id': 'req_bench' } },
    limits: { timeoutMs: 10000 },
    grants: ['log'],
    egress: [],
    config: {},
    secrets: {},
    user: { id: 'alice', displayName: 'Alice Admin', email: 'alice@acme.example' },
  }),
);
await writeFile(
  join(work, 'direct.lua'),
  `local f = io.open("${join(work, 'frame.bin')}", "rb")\nwrk.method = "POST"\nwrk.body = f:read("*all")\nf:close()\nwrk.headers["content-type"] = "application/vnd.extsys.frame"\nwrk.headers["authorization"] = "Bearer ${SERVICE}"\n`,
);
await writeFile(join(work, 'gateway.lua'), `wrk.headers["authorization"] = "Bearer ${token}"\n`);

const toMs = (text) => {
  const [, n, unit] = /([\d.]+)(us|ms|s)/.exec(text) ?? [];
  return Number(n) * (unit === 'us' ? 0.001 : unit === 's' ? 1000 : 1);
};
function wrk(script, url) {
  const out = execFileSync('wrk', ['-t1', `-c${connections}`, `-d${duration}s`, '--latency', '-s', script, url], {
    encoding: 'utf8',
  });
  const errors = /Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1];
  if (errors) throw new Error(`${url}: ${errors} error responses\n${out}`);
  return {
    rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]),
    p50: toMs(/\s50%\s+(\S+)/.exec(out)?.[1] ?? ''),
    p99: toMs(/\s99%\s+(\S+)/.exec(out)?.[1] ?? ''),
  };
}
async function sequential(url, init, n = 300) {
  const times = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const res = await fetch(url, init);
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`${url}: ${res.status}`);
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[Math.floor(n / 2)];
}

const directUrl = `http://127.0.0.1:${RUNNER_PORT}/v1/execute`;
const gatewayUrl = `${gw}/api/ext/com.bench.hello/items/42`;
const frame = await readFile(join(work, 'frame.bin'));
const directInit = {
  method: 'POST',
  headers: { 'content-type': 'application/vnd.extsys.frame', authorization: `Bearer ${SERVICE}` },
  body: frame,
};
const gatewayInit = { headers: { authorization: `Bearer ${token}` } };
await sequential(directUrl, directInit, 50);
await sequential(gatewayUrl, gatewayInit, 50);
const seqDirect = await sequential(directUrl, directInit);
const seqGateway = await sequential(gatewayUrl, gatewayInit);
const direct = wrk(join(work, 'direct.lua'), directUrl);
const through = wrk(join(work, 'gateway.lua'), gatewayUrl);
const f = (n, d = 2) => n.toFixed(d);
console.log(
  `gateway vs direct runner, realistic handler GET /items/:id, wrk -t1 -c${connections} ${duration}s, loopback`,
);
console.log('path            | req/s  | p50 ms | p99 ms | sequential p50 ms');
console.log(
  `direct runner   | ${f(direct.rps, 0).padStart(6)} | ${f(direct.p50).padStart(6)} | ${f(direct.p99).padStart(6)} | ${f(seqDirect)}`,
);
console.log(
  `through gateway | ${f(through.rps, 0).padStart(6)} | ${f(through.p50).padStart(6)} | ${f(through.p99).padStart(6)} | ${f(seqGateway)}`,
);
console.log(
  `throughput ratio gateway/direct: ${f(through.rps / direct.rps)}; added latency, one sequential client: ${f(seqGateway - seqDirect)} ms p50`,
);
for (const child of children) child.kill('SIGTERM');
await Promise.all(children.map((child) => new Promise((r) => child.once('exit', r))));
process.exit(0);
