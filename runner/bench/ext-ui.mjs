#!/usr/bin/env node
// Benchmark (a script, not a test): the runner serving one extracted bundle against nginx serving
// the same files with equivalent headers, in the same run, on loopback, with keep-alive.
// Prints requests/s and latency percentiles for a 2 KB JS asset and the HTML entry, and the ratio.
//
// Needs: the workspace built (npm run build), Debian's nginx and wrk (apt-get install -y nginx wrk).
// Usage: npm run bench:ext-ui -w @extsys/runner [-- --duration 10 --connections 32]
import { execFileSync, spawn } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createPublicKey } from 'node:crypto';
import {
  generateSigningKey,
  packBundle,
  readBundle,
  serializeSignature,
  signBundle,
  trustBundleFile,
} from '@extsys/bundle';

const here = dirname(fileURLToPath(import.meta.url));
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : process.argv[i + 1];
};
const duration = Number(arg('duration', '8'));
const connections = Number(arg('connections', '32'));
const rounds = Number(arg('rounds', '3'));

for (const tool of ['nginx', 'wrk']) {
  try {
    execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
  } catch {
    console.error(`bench:ext-ui needs ${tool}: apt-get install -y nginx wrk`);
    process.exit(2);
  }
}

const work = await mkdtemp(join(tmpdir(), 'extsys-bench-ext-ui-'));
const src = join(work, 'src');
const js = `// a typical 2 KB module\n${'export const x = "0123456789abcdef0123456789abcdef";\n'.repeat(38)}`;
const files = {
  'manifest.json': JSON.stringify({
    manifestVersion: 2,
    name: 'com.acme.bench',
    publisher: 'Acme',
    version: '1.0.0',
    runtime: 'wasm@1',
    ui: { type: 'iframe', entry: 'ui/index.html' },
  }),
  'ui/index.html': `<!doctype html><html><head><meta charset="utf-8"><title>Bench</title></head><body><div id="root"></div><script type="module" src="./app.js"></script></body></html>\n`,
  'ui/app.js': js,
};
for (const [path, text] of Object.entries(files)) {
  await mkdir(dirname(join(src, path)), { recursive: true });
  await writeFile(join(src, path), text);
}
const packed = await packBundle(src);
const key = generateSigningKey();
const signature = signBundle(packed.bytes, key.privateKeyPem, { signer: 'bench' });
const hex = packed.contentHash.slice(7);
await mkdir(join(work, 'store/sha256'), { recursive: true });
await writeFile(join(work, `store/sha256/${hex}.bundle`), packed.bytes);
await writeFile(join(work, `store/sha256/${hex}.bundle.sig`), serializeSignature(signature));
await writeFile(
  join(work, 'trust.json'),
  JSON.stringify(trustBundleFile([{ name: 'bench', publicKey: createPublicKey(key.privateKeyPem) }])),
);

// nginx serves the same files from a plain folder, with the headers the runner sends.
const root = join(work, 'nginx-root', 'ext-ui', 'com.acme.bench', packed.contentHash);
for (const file of readBundle(packed.bytes).files) {
  if (!file.path.startsWith('ui/')) continue;
  const path = join(root, file.path.slice(3));
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, file.data);
}
execFileSync('chmod', ['-R', 'a+rX', work]);
const csp =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
const nginxPort = 18090;
const runnerPort = 18091;
await writeFile(
  join(work, 'nginx.conf'),
  `worker_processes 1;
daemon off;
pid ${work}/nginx.pid;
error_log ${work}/nginx-error.log warn;
${process.getuid?.() === 0 ? 'user root;' : ''}
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  types { text/html html; text/javascript js; }
  server {
    listen 127.0.0.1:${nginxPort};
    root ${join(work, 'nginx-root')};
    location ~ \\.html$ {
      add_header Cache-Control no-cache;
      add_header X-Content-Type-Options nosniff;
      add_header Cross-Origin-Resource-Policy cross-origin;
      add_header Content-Security-Policy "${csp}";
      add_header Referrer-Policy no-referrer;
    }
    location / {
      add_header Cache-Control "public, max-age=31536000, immutable";
      add_header X-Content-Type-Options nosniff;
      add_header Cross-Origin-Resource-Policy cross-origin;
      add_header Access-Control-Allow-Origin *;
    }
  }
}
`,
);

const children = [];
const stopAll = () => children.forEach((child) => child.kill('SIGTERM'));
process.on('exit', stopAll);
children.push(spawn('nginx', ['-c', join(work, 'nginx.conf')], { stdio: 'ignore' }));
children.push(
  spawn(process.execPath, [resolve(here, '../dist/main.js')], {
    stdio: 'ignore',
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(runnerPort),
      BUNDLE_STORE: join(work, 'store'),
      BUNDLE_CACHE_DIR: join(work, 'cache'),
      SIGNING_TRUST_BUNDLE: join(work, 'trust.json'),
      // Per-request logging is the operator's choice; the comparison is with nginx's access_log off.
      LOG_LEVEL: 'warn',
    },
  }),
);

async function waitFor(url) {
  for (let i = 0; i < 100; i++) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not come up`);
}

function wrk(url) {
  const out = execFileSync('wrk', ['-t1', `-c${connections}`, `-d${duration}s`, '--latency', url], {
    encoding: 'utf8',
  });
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]);
  const toMs = (text) => {
    const [, n, unit] = /([\d.]+)(us|ms|s)/.exec(text) ?? [];
    return Number(n) * (unit === 'us' ? 0.001 : unit === 's' ? 1000 : 1);
  };
  const p50 = toMs(/\s50%\s+(\S+)/.exec(out)?.[1] ?? '');
  const p99 = toMs(/\s99%\s+(\S+)/.exec(out)?.[1] ?? '');
  const errors = /Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1];
  if (errors) throw new Error(`${url}: ${errors} error responses`);
  return { rps, p50, p99 };
}

const path = (file) => `/ext-ui/com.acme.bench/${packed.contentHash}/${file}`;
await waitFor(`http://127.0.0.1:${nginxPort}${path('index.html')}`);
await waitFor(`http://127.0.0.1:${runnerPort}${path('index.html')}`);

console.log(
  `ext-ui serving: median of ${rounds} alternating ${duration}s runs, ${connections} keep-alive connections, ` +
    'wrk -t1, nginx 1 worker, loopback',
);
console.log('asset          | runner req/s | nginx req/s | ratio | runner p50 / p99 ms | nginx p50 / p99 ms');
const median = (runs, key) => runs.map((r) => r[key]).sort((a, b) => a - b)[Math.floor(runs.length / 2)];
const summary = (runs) => ({ rps: median(runs, 'rps'), p50: median(runs, 'p50'), p99: median(runs, 'p99') });
for (const [name, file] of [
  ['2 KB JS', 'app.js'],
  ['HTML entry', 'index.html'],
]) {
  // Warm both, then alternate so the machine's drift hits both sides alike.
  wrk(`http://127.0.0.1:${runnerPort}${path(file)}`);
  const nginxRuns = [];
  const runnerRuns = [];
  for (let i = 0; i < rounds; i++) {
    nginxRuns.push(wrk(`http://127.0.0.1:${nginxPort}${path(file)}`));
    runnerRuns.push(wrk(`http://127.0.0.1:${runnerPort}${path(file)}`));
  }
  const nginx = summary(nginxRuns);
  const runner = summary(runnerRuns);
  console.log(
    `${name.padEnd(14)} | ${runner.rps.toFixed(0).padStart(12)} | ${nginx.rps.toFixed(0).padStart(11)} | ${(runner.rps / nginx.rps).toFixed(2).padStart(5)} | ` +
      `${`${runner.p50.toFixed(2)} / ${runner.p99.toFixed(2)}`.padStart(19)} | ${`${nginx.p50.toFixed(2)} / ${nginx.p99.toFixed(2)}`.padStart(18)}`,
  );
}
stopAll();
process.exit(0);
