import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { errorEnvelope } from '@extsys/protocol';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';

export interface HostAppOptions {
  /** The built host page (`vite build` output); may not exist (then `/` explains how to build it). */
  dir: string;
  /** The runner's public origin: the only origin the page may frame. */
  runnerOrigin: string;
  /** The host's own origin (`GATEWAY_ISSUER`): page requests on another host name are redirected there. */
  canonicalOrigin: string;
}

interface StaticFile {
  bytes: Buffer;
  type: string;
  /** Vite's content-hashed output under `assets/`: cached for a year. */
  immutable: boolean;
}

const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  json: 'application/json; charset=utf-8',
  map: 'application/json; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  ico: 'image/x-icon',
  woff2: 'font/woff2',
  txt: 'text/plain; charset=utf-8',
};

/** Paths the page never owns: the server's own routes keep their JSON 404s. */
const SERVER_PREFIXES = ['/api/', '/.well-known/', '/healthz'];

/** The host page's own CSP: its code and styles only, and frames only from the runner. */
export function hostPageCsp(runnerOrigin: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    `frame-src ${runnerOrigin}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

async function loadFiles(dir: string): Promise<Map<string, StaticFile> | undefined> {
  let entries;
  try {
    entries = await readdir(dir, { recursive: true, withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const files = new Map<string, StaticFile>();
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const full = join(entry.parentPath, entry.name);
    const path = `/${relative(dir, full).split(sep).join('/')}`;
    const extension = entry.name.slice(entry.name.lastIndexOf('.') + 1).toLowerCase();
    files.set(path, {
      bytes: await readFile(full),
      type: TYPES[extension] ?? 'application/octet-stream',
      immutable: path.startsWith('/assets/'),
    });
  }
  return files.has('/index.html') ? files : undefined;
}

/**
 * Serves the demo host page (a single-page app) at `/`: files read once at start, the entry HTML
 * for every extension-less path (its client routes, such as `/ext/{id}/…`), a 404 for a missing
 * asset, and never anything under the server's own prefixes.
 */
export const hostAppRoutes: FastifyPluginAsync<HostAppOptions> = async (app, options) => {
  const files = await loadFiles(options.dir);
  const csp = hostPageCsp(options.runnerOrigin);
  const canonical = new URL(options.canonicalOrigin);

  const send = (reply: FastifyReply, file: StaticFile) => {
    reply.header('content-type', file.type);
    reply.header('cache-control', file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
    if (file.type.startsWith('text/html')) {
      reply.header('content-security-policy', csp);
      reply.header('referrer-policy', 'same-origin');
    }
    return reply.send(file.bytes);
  };

  app.get('/*', async (request, reply) => {
    let path: string;
    try {
      path = decodeURIComponent((request.url.split('?', 1)[0] ?? '/').replace(/\/{2,}/g, '/'));
    } catch {
      return reply.code(400).send({
        error: errorEnvelope('path_invalid', 'the path is not valid percent-encoding', { requestId: request.id }),
      });
    }
    if (SERVER_PREFIXES.some((prefix) => path === prefix.replace(/\/$/, '') || path.startsWith(prefix))) {
      return reply.callNotFound();
    }
    const exact = files?.get(path);
    if (exact && path !== '/index.html') return send(reply, exact);
    const lastSegment = path.slice(path.lastIndexOf('/') + 1);
    if (lastSegment.includes('.') && path !== '/index.html') {
      return reply.code(404).send({
        error: errorEnvelope('not_found', `no file ${path} in the host page`, { requestId: request.id }),
      });
    }
    // A page: on the canonical origin only (cookies, token issuer and the runner's frame-ancestors
    // all name it), so http://127.0.0.1:8081/x goes to http://localhost:8081/x.
    if (request.host !== canonical.host) {
      return reply.redirect(`${canonical.origin}${request.url}`, 307);
    }
    if (!files) {
      return reply
        .code(503)
        .header('content-type', 'text/plain; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(`The host page is not built (no index.html in ${options.dir}). Run: npm run build\n`);
    }
    return send(reply, files.get('/index.html')!);
  });
};
