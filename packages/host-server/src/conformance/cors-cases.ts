import { HEADER } from '@extsys/protocol';
import { apiPath, describeResponse, expectStatus, fail, withoutRunnerCall } from './expect.js';
import { validToken } from './forge.js';
import type { ConformanceCase, ConformanceResponse, ConformanceTarget } from './target.js';

const DISALLOWED_ORIGIN = 'https://evil.example';

const allowedOrigin = (target: ConformanceTarget) => target.allowedOrigin ?? 'null';

/** The comma-separated list of a header, lower case. */
function listOf(response: ConformanceResponse, name: string): string[] {
  return (response.headers[name] ?? '')
    .split(',')
    .map((item) => item.trim().toLowerCase())
    .filter(Boolean);
}

function expectNoCredentials(response: ConformanceResponse, what: string): void {
  if (response.headers['access-control-allow-credentials'] !== undefined) {
    fail(
      `${what}: no access-control-allow-credentials (the bearer token is the only credential)`,
      describeResponse(response),
    );
  }
}

function preflight(target: ConformanceTarget, origin: string) {
  return target.send({
    method: 'OPTIONS',
    path: apiPath(target, target.installs.primary, '/echo'),
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization, content-type, x-request-id, idempotency-key',
    },
  });
}

async function call(target: ConformanceTarget, origin: string) {
  const token = await validToken(target);
  return target.send({
    method: 'GET',
    path: apiPath(target, target.installs.primary, '/headers'),
    headers: { origin, authorization: `Bearer ${token}` },
  });
}

export const corsCases: readonly ConformanceCase[] = [
  {
    name: 'CORS: a preflight from an allowed origin is 204 with the methods and headers, never credentials',
    async run(target) {
      const origin = allowedOrigin(target);
      const what = `OPTIONS with Origin: ${origin}`;
      const response = await withoutRunnerCall(target, what, () => preflight(target, origin));
      expectStatus(response, 204, what);
      if (response.headers['access-control-allow-origin'] !== origin) {
        fail(`${what}: access-control-allow-origin: ${origin}`, describeResponse(response));
      }
      const methods = listOf(response, 'access-control-allow-methods');
      for (const method of ['get', 'post', 'put', 'patch', 'delete']) {
        if (!methods.includes(method))
          fail(`${what}: ${method.toUpperCase()} among the allowed methods`, describeResponse(response));
      }
      const headers = listOf(response, 'access-control-allow-headers');
      for (const header of ['authorization', 'content-type', HEADER.requestId, HEADER.idempotencyKey]) {
        if (!headers.includes(header)) fail(`${what}: ${header} among the allowed headers`, describeResponse(response));
      }
      expectNoCredentials(response, what);
    },
  },
  {
    name: 'CORS: a preflight from another origin is not allowed',
    async run(target) {
      const what = `OPTIONS with Origin: ${DISALLOWED_ORIGIN}`;
      const response = await withoutRunnerCall(target, what, () => preflight(target, DISALLOWED_ORIGIN));
      if (response.status >= 500) fail(`${what}: an answer below 500`, describeResponse(response));
      if (response.headers['access-control-allow-origin'] !== undefined) {
        fail(`${what}: no access-control-allow-origin`, describeResponse(response));
      }
      expectNoCredentials(response, what);
    },
  },
  {
    name: 'CORS: a call from an allowed origin may be read by it (Vary: Origin), never with credentials',
    async run(target) {
      const origin = allowedOrigin(target);
      const what = `GET with Origin: ${origin}`;
      const response = await call(target, origin);
      expectStatus(response, 200, what);
      if (response.headers['access-control-allow-origin'] !== origin) {
        fail(`${what}: access-control-allow-origin: ${origin}`, describeResponse(response));
      }
      if (!listOf(response, 'vary').includes('origin')) fail(`${what}: Vary naming Origin`, describeResponse(response));
      expectNoCredentials(response, what);
    },
  },
  {
    name: 'CORS: a call from another origin is not readable by it',
    async run(target) {
      const what = `GET with Origin: ${DISALLOWED_ORIGIN}`;
      const response = await call(target, DISALLOWED_ORIGIN);
      if (response.headers['access-control-allow-origin'] !== undefined) {
        fail(`${what}: no access-control-allow-origin`, describeResponse(response));
      }
      expectNoCredentials(response, what);
    },
  },
];
