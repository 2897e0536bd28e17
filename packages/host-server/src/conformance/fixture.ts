import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** The endpoints of the conformance extension; every install the suite calls must declare them. */
export const CONFORMANCE_ENDPOINTS = [
  { method: 'GET', path: '/headers', handler: 'headers' },
  { method: 'POST', path: '/echo', handler: 'echo' },
  { method: 'GET', path: '/set-cookie', handler: 'setCookie' },
] as const;

/** What `GET /headers` answers: what the handler was told of the call. */
export interface HeadersAnswer {
  headers: Record<string, string>;
  tenantId: string;
  installId: string;
  requestId: string;
}

/** The headers `GET /set-cookie` answers: a client must get the `x-ext-` ones only. */
export const HOSTILE_RESPONSE_HEADERS: Readonly<Record<string, string>> = {
  'set-cookie': 'host_session=stolen; Path=/; HttpOnly; SameSite=None; Secure',
  'x-ext-ok': 'yes',
  'access-control-allow-origin': '*',
  'access-control-allow-credentials': 'true',
  'x-request-id': 'req_chosen_by_the_handler',
  'strict-transport-security': 'max-age=0',
  'content-security-policy': "default-src *; script-src 'unsafe-inline'",
  'x-frame-options': 'ALLOWALL',
  'cache-control': 'public, max-age=31536000',
  server: 'extension',
  connection: 'keep-alive',
};

/**
 * The handler module (js@1, a plain ES module: nothing to build). `GET /headers` answers what it
 * was told of the call, `POST /echo` answers the body's bytes, `GET /set-cookie` answers with
 * headers no handler may set on the host.
 */
export const CONFORMANCE_HANDLER_MODULE = `// The extsys conformance extension (js@1).
const HOSTILE = ${JSON.stringify(HOSTILE_RESPONSE_HEADERS)};
const json = (status, value, headers) =>
  ({ header: JSON.stringify({ status, headers: { 'content-type': 'application/json', ...headers } }), body: JSON.stringify(value) });
export function handle(request, body) {
  const req = JSON.parse(request);
  switch (req.route.handler) {
    case 'headers':
      return json(200, { headers: req.http.headers, tenantId: req.context.tenantId, installId: req.context.installId, requestId: req.context.requestId }, {});
    case 'echo':
      return {
        header: JSON.stringify({ status: 200, headers: { 'content-type': req.http.headers['content-type'] || 'application/octet-stream', 'x-ext-body-bytes': String(body.byteLength) } }),
        body,
      };
    case 'setCookie':
      return json(200, { ok: true }, HOSTILE);
    default:
      return json(500, { unexpected: req.route.handler }, {});
  }
}
`;

/** The conformance extension's files (`manifest.json` and its handler module) under the id `name`. */
export function conformanceExtension(name: string, version = '1.0.0'): Record<string, string> {
  const manifest = {
    manifestVersion: 2,
    name,
    publisher: 'extsys conformance',
    version,
    runtime: 'js@1',
    capabilities: [],
    api: { module: 'handler/handler.js', endpoints: CONFORMANCE_ENDPOINTS },
  };
  return {
    'manifest.json': `${JSON.stringify(manifest, null, 2)}\n`,
    'handler/handler.js': CONFORMANCE_HANDLER_MODULE,
  };
}

/**
 * Writes the conformance extension into `dir`, ready for `extsys-bundle pack` and `sign` (or
 * `packBundle`/`signBundle` of `@extsys/bundle`), then publish it to the host and install it.
 */
export async function writeConformanceExtension(dir: string, name: string, version = '1.0.0'): Promise<void> {
  for (const [path, text] of Object.entries(conformanceExtension(name, version))) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }
}
