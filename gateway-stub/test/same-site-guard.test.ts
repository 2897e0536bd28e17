// Cross-site requests to the routes the session cookie authenticates are refused (issue #22: a
// text/plain form post from another site, or a no-cors fetch from the same site, logged the demo
// user out).
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway, loadConfig, type Gateway } from '../src/index.js';

const ISSUER = 'http://localhost:18081';
const ADMIN_TOKEN = 'same-site-test-admin-token-0123456789abc';
const FOREIGN = 'https://attacker.example';
let gateway: Gateway;

beforeAll(async () => {
  const work = await mkdtemp(join(tmpdir(), 'extsys-same-site-'));
  gateway = await createGateway(
    loadConfig({
      LOG_LEVEL: 'silent',
      GATEWAY_DATA_DIR: work,
      BUNDLE_STORE: join(work, 'store'),
      RUNNER_SERVICE_TOKEN: 'same-site-test-service-token-0123456789',
      GATEWAY_ISSUER: ISSUER,
      ADMIN_TOKEN,
      HOST_APP_DIR: join(work, 'no-host-app'),
    }),
  );
});

afterAll(async () => {
  await gateway?.app.close();
});

/** What the host page's own fetch sends: same origin, JSON. */
const fromHostPage = { origin: ISSUER, 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' };

async function login(userId = 'alice'): Promise<string> {
  const res = await gateway.app.inject({
    method: 'POST',
    url: '/api/login',
    headers: fromHostPage,
    payload: JSON.stringify({ userId, password: 'demo' }),
  });
  expect(res.statusCode, res.body).toBe(200);
  const cookie = res.cookies[0]!;
  return `${cookie.name}=${cookie.value}`;
}

async function loggedIn(cookie: string): Promise<boolean> {
  const res = await gateway.app.inject({ url: '/api/me', headers: { cookie } });
  return res.statusCode === 200;
}

function refusal(res: { statusCode: number; json: <T>() => T; headers: Record<string, unknown> }) {
  expect(res.statusCode).toBe(403);
  expect(res.headers['set-cookie']).toBeUndefined();
  return res.json<{ error: { code: string; message: string } }>().error;
}

describe('POST /api/logout', () => {
  it('refuses a text/plain form post from another site, and the session still works', async () => {
    const cookie = await login();
    const res = await gateway.app.inject({
      method: 'POST',
      url: '/api/logout',
      headers: { cookie, origin: FOREIGN, 'sec-fetch-site': 'cross-site', 'content-type': 'text/plain' },
      payload: '{"x":"y"}',
    });
    const error = refusal(res);
    expect(error.code).toBe('forbidden');
    expect(error.message).toContain('Sec-Fetch-Site: cross-site');
    expect(await loggedIn(cookie)).toBe(true);
  });

  it('refuses a form post naming a foreign Origin from a browser without Sec-Fetch-Site', async () => {
    const cookie = await login();
    const res = await gateway.app.inject({
      method: 'POST',
      url: '/api/logout',
      headers: { cookie, origin: FOREIGN, 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'a=b',
    });
    expect(refusal(res).message).toContain(`requests from ${FOREIGN} are refused`);
    expect(await loggedIn(cookie)).toBe(true);
  });

  it('refuses a no-cors post from the same site (another port or subdomain: text/plain, Sec-Fetch-Site: same-site)', async () => {
    const cookie = await login();
    const res = await gateway.app.inject({
      method: 'POST',
      url: '/api/logout',
      headers: {
        cookie,
        origin: 'http://localhost:18080',
        'sec-fetch-site': 'same-site',
        'content-type': 'text/plain',
      },
      payload: '',
    });
    expect(refusal(res).message).toContain('Sec-Fetch-Site: same-site');
    expect(await loggedIn(cookie)).toBe(true);
  });

  it('refuses a text/plain post that names neither site nor origin (an older browser): JSON or the header is required', async () => {
    const cookie = await login();
    const res = await gateway.app.inject({
      method: 'POST',
      url: '/api/logout',
      headers: { cookie, 'content-type': 'text/plain' },
      payload: 'x',
    });
    expect(refusal(res).message).toContain('Content-Type: application/json');
    expect(await loggedIn(cookie)).toBe(true);
  });

  it('logs out on the host page’s same-origin JSON call', async () => {
    const cookie = await login();
    const res = await gateway.app.inject({
      method: 'POST',
      url: '/api/logout',
      headers: { ...fromHostPage, cookie },
      payload: '{}',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(await loggedIn(cookie)).toBe(false);
  });

  it('logs out on a body-less same-origin call with x-requested-with', async () => {
    const cookie = await login();
    const res = await gateway.app.inject({
      method: 'POST',
      url: '/api/logout',
      headers: { cookie, origin: ISSUER, 'sec-fetch-site': 'same-origin', 'x-requested-with': 'fetch' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(await loggedIn(cookie)).toBe(false);
  });
});

describe('the other cookie-authenticated routes', () => {
  it('refuses a login from another site (logging the victim into the attacker’s account)', async () => {
    const res = await gateway.app.inject({
      method: 'POST',
      url: '/api/login',
      headers: { origin: FOREIGN, 'content-type': 'application/json' },
      payload: JSON.stringify({ userId: 'alice', password: 'demo' }),
    });
    expect(refusal(res).code).toBe('forbidden');
  });

  it('refuses a cross-site token request, and lets the host page’s through to the route', async () => {
    const cookie = await login();
    const body = JSON.stringify({ extensionId: 'com.acme.none' });
    const crossSite = await gateway.app.inject({
      method: 'POST',
      url: '/api/ext-token',
      headers: { cookie, 'sec-fetch-site': 'cross-site', 'content-type': 'text/plain' },
      payload: body,
    });
    expect(refusal(crossSite).code).toBe('forbidden');
    const own = await gateway.app.inject({
      method: 'POST',
      url: '/api/ext-token',
      headers: { ...fromHostPage, cookie },
      payload: body,
    });
    expect(own.json<{ error: { code: string } }>().error.code).toBe('extension_not_available');
  });

  it('refuses a tenant admin’s session change from another site, and takes the admin token from anywhere', async () => {
    const cookie = await login();
    const bySession = await gateway.app.inject({
      method: 'PATCH',
      url: '/api/admin/installs/inst_none',
      headers: { cookie, origin: FOREIGN, 'content-type': 'application/json' },
      payload: '{"enabled":false}',
    });
    expect(refusal(bySession).code).toBe('forbidden');
    // A bundle upload is not JSON and names no origin: the bearer token, not a cookie, authenticates it.
    const byToken = await gateway.app.inject({
      method: 'POST',
      url: '/api/admin/bundles',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/vnd.extsys.bundle' },
      payload: Buffer.from('not a bundle'),
    });
    expect(byToken.statusCode).not.toBe(403);
  });

  it('leaves reads and the extension API (bearer tokens, its own CORS) alone', async () => {
    const cookie = await login();
    const read = await gateway.app.inject({
      url: '/api/session',
      headers: { cookie, origin: FOREIGN, 'sec-fetch-site': 'cross-site' },
    });
    expect(read.statusCode).toBe(200);
    const api = await gateway.app.inject({
      method: 'POST',
      url: '/api/ext/com.acme.none/x',
      headers: { cookie, origin: FOREIGN, 'sec-fetch-site': 'cross-site', 'content-type': 'text/plain' },
      payload: 'x',
    });
    expect(api.json<{ error: { code: string } }>().error.code).toBe('unauthenticated');
  });
});
