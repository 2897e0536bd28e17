// The small servers the global setup runs next to the stack:
// - the test host (e2e/test-host built by Vite) at http://localhost:<testHost>, with
//   /e2e/config.json, /e2e/token (a token minted by the real gateway for alice's session) and
//   /e2e/frame.html?src=<url> (a page that frames <url>);
// - a foreign origin http://127.0.0.1:<foreign> serving the same /e2e/frame.html;
// - the control endpoint (stop / start the runner) on loopback.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import type { TestHostConfig } from './test-host-config.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A page that frames `src` (the frame-ancestors test), served from whichever origin asks. */
function framePage(url: URL): string {
  const src = url.searchParams.get('src') ?? 'about:blank';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>framer</title></head><body>
<p>This page frames an extension page.</p>
<iframe data-testid="framed" src="${escapeHtml(src)}" title="framed"></iframe>
</body></html>`;
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(body);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function listen(server: Server, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

const close = (server: Server) =>
  new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });

/** Logs in to the gateway as `userId` once and mints extension tokens with that session. */
export function tokenMinter(gatewayUrl: string, userId: string, password = 'demo') {
  let cookie: Promise<string> | undefined;
  const login = async () => {
    const response = await fetch(`${gatewayUrl}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId, password }),
    });
    if (!response.ok) throw new Error(`login ${userId}: HTTP ${response.status} ${await response.text()}`);
    const setCookie = response.headers.getSetCookie().map((c) => c.split(';')[0]);
    return setCookie.join('; ');
  };
  return async (extensionId: string): Promise<{ status: number; body: string }> => {
    cookie ??= login();
    const response = await fetch(`${gatewayUrl}/api/ext-token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: await cookie },
      body: JSON.stringify({ extensionId }),
    });
    const json = (await response.json()) as { token?: string; ttlMs?: number };
    if (!response.ok) return { status: response.status, body: JSON.stringify(json) };
    return { status: 200, body: JSON.stringify({ token: json.token, ttlMs: json.ttlMs }) };
  };
}

export interface ServersOptions {
  testHostPort: number;
  foreignPort: number;
  controlPort: number;
  controlSecret: string;
  /** e2e/dist/test-host */
  testHostDir: string;
  config: TestHostConfig;
  gatewayUrl: string;
  stopRunner: () => Promise<void>;
  log: (line: string) => void;
  startRunner: () => Promise<void>;
}

export async function startServers(options: ServersOptions): Promise<{ close: () => Promise<void> }> {
  const mint = tokenMinter(options.gatewayUrl, 'alice');
  const root = normalize(options.testHostDir);

  const testHost = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname === '/e2e/config.json') return send(res, 200, TYPES['.json']!, JSON.stringify(options.config));
      if (url.pathname === '/e2e/frame.html') return send(res, 200, TYPES['.html']!, framePage(url));
      if (url.pathname === '/e2e/token' && req.method === 'POST') {
        const { extensionId } = JSON.parse(await readBody(req)) as { extensionId: string };
        const minted = await mint(extensionId);
        return send(res, minted.status, TYPES['.json']!, minted.body);
      }
      const relative = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname.slice(1));
      const file = normalize(join(root, relative));
      if (!file.startsWith(root + sep) || !(await stat(file).catch(() => undefined))?.isFile()) {
        return send(res, 404, 'text/plain', 'not found');
      }
      res.writeHead(200, {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-store',
      });
      createReadStream(file).pipe(res);
    })().catch((error: unknown) => send(res, 500, 'text/plain', String(error)));
  });

  const foreign = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/e2e/frame.html') return send(res, 200, TYPES['.html']!, framePage(url));
    send(res, 404, 'text/plain', 'not found');
  });

  // One runner operation at a time.
  let queue = Promise.resolve();
  const controlServer = createServer((req, res) => {
    if (req.headers.authorization !== `Bearer ${options.controlSecret}` || req.method !== 'POST') {
      return send(res, 403, 'text/plain', 'forbidden');
    }
    const action =
      req.url === '/runner/stop' ? options.stopRunner : req.url === '/runner/start' ? options.startRunner : undefined;
    if (!action) return send(res, 404, 'text/plain', 'not found');
    const started = Date.now();
    queue = queue.then(action).then(
      () => {
        options.log(`control: ${req.url} took ${Date.now() - started} ms`);
        send(res, 204, 'text/plain', '');
      },
      (error: unknown) => send(res, 500, 'text/plain', String(error)),
    );
  });

  const servers = await Promise.all([
    listen(testHost, options.testHostPort, 'localhost'),
    listen(foreign, options.foreignPort, '127.0.0.1'),
    listen(controlServer, options.controlPort, '127.0.0.1'),
  ]);
  return { close: async () => void (await Promise.all(servers.map(close))) };
}
