import { HANDLER_REQUEST_HEADERS, HEADER } from '@extsys/protocol';
import { nanoid } from 'nanoid';
import { apiPath, bodyJson, describeResponse, expectStatus, fail, withRunnerCall } from './expect.js';
import { HOSTILE_RESPONSE_HEADERS, type HeadersAnswer } from './fixture.js';
import { validToken } from './forge.js';
import type { ConformanceCase } from './target.js';

/**
 * Request headers no handler may see: the host's own credentials, what proxies add, hop-by-hop
 * headers (one of them named by `connection`). Their values are unique so the runner's traffic can
 * be searched for them.
 */
function hostileRequestHeaders(secret: string): Record<string, string> {
  return {
    cookie: `host_session=${secret}-cookie; theme=dark`,
    'x-forwarded-for': `203.0.113.7, ${secret}-xff`,
    'x-forwarded-host': `${secret}-xfh.example`,
    'x-forwarded-proto': 'https',
    forwarded: `for=203.0.113.7;host=${secret}-fwd.example`,
    'x-real-ip': '203.0.113.7',
    'proxy-authorization': `Basic ${secret}-proxy`,
    connection: 'keep-alive, x-hop-secret',
    'x-hop-secret': `${secret}-hop`,
    'keep-alive': 'timeout=5',
    te: 'trailers',
    upgrade: 'h2c',
    via: `1.1 ${secret}-via`,
    'x-csrf-token': `${secret}-csrf`,
    'x-api-key': `${secret}-apikey`,
  };
}

export const smugglingCases: readonly ConformanceCase[] = [
  {
    name: 'smuggling: the handler sees only the allow-listed request headers; credentials, forwarding and hop-by-hop headers never reach the runner',
    async run(target) {
      const what = 'GET /headers with the host’s credentials, proxy and hop-by-hop headers';
      const secret = `smuggled${nanoid(10).replace(/[^A-Za-z0-9]/g, '')}`;
      const token = await validToken(target);
      const idempotencyKey = `conformance-${nanoid(12).replace(/[^A-Za-z0-9]/g, '')}`;
      const { response, call } = await withRunnerCall(target, what, () =>
        target.send({
          method: 'GET',
          path: apiPath(target, target.installs.primary, '/headers'),
          headers: {
            authorization: `Bearer ${token}`,
            accept: 'application/json',
            'accept-language': 'fr-CH, fr;q=0.9',
            [HEADER.requestId]: `client-chosen-${nanoid(8).replace(/[^A-Za-z0-9]/g, '')}`,
            [HEADER.idempotencyKey]: idempotencyKey,
            ...hostileRequestHeaders(secret),
          },
        }),
      );
      expectStatus(response, 200, what);
      const seen = bodyJson<HeadersAnswer>(response, `${what}: the handler's answer`).headers;
      const extra = Object.keys(seen).filter((name) => !HANDLER_REQUEST_HEADERS.includes(name));
      if (extra.length > 0) {
        fail(
          `${what}: the handler to see only ${HANDLER_REQUEST_HEADERS.join(', ')}`,
          `also ${extra.join(', ')}: ${JSON.stringify(seen)}`,
        );
      }
      const expected: Record<string, string> = {
        accept: 'application/json',
        'accept-language': 'fr-CH, fr;q=0.9',
        [HEADER.idempotencyKey]: idempotencyKey,
        [HEADER.requestId]: response.headers[HEADER.requestId] ?? '(the answer’s x-request-id)',
      };
      for (const [name, value] of Object.entries(expected)) {
        if (seen[name] !== value) fail(`${what}: the handler to see ${name}: ${value}`, `${name}: ${seen[name]}`);
      }
      const framed = call.execute?.http.headers ?? {};
      if (JSON.stringify(Object.entries(framed).sort()) !== JSON.stringify(Object.entries(seen).sort())) {
        fail(`${what}: the runner's frame to carry what the handler saw`, JSON.stringify(framed));
      }
      if (call.raw.includes(token))
        fail(`${what}: the extension token never to reach the runner`, 'it is in the runner call');
      if (call.raw.includes(secret)) {
        const line = call.raw.split('\n').find((l) => l.includes(secret)) ?? '';
        fail(
          `${what}: none of the host’s credentials, proxy or hop-by-hop headers to reach the runner`,
          line.slice(0, 200),
        );
      }
      if (String(call.headers.authorization).includes(token))
        fail(`${what}: the runner called with the host's service credential`, 'the user token');
    },
  },
  {
    name: 'smuggling: a handler cannot set cookies, CORS, security or id headers on the host; its x-ext-* headers pass',
    async run(target) {
      const what = 'GET /set-cookie (a handler answering hostile headers)';
      const token = await validToken(target);
      const origin = target.allowedOrigin ?? 'null';
      const { response } = await withRunnerCall(target, what, () =>
        target.send({
          method: 'GET',
          path: apiPath(target, target.installs.primary, '/set-cookie'),
          headers: { authorization: `Bearer ${token}`, origin },
        }),
      );
      expectStatus(response, 200, what);
      if (response.headers['x-ext-ok'] !== 'yes')
        fail(`${what}: the handler's x-ext-ok: yes`, describeResponse(response));
      if (!response.headers['content-type']?.startsWith('application/json')) {
        fail(`${what}: the handler's content-type`, describeResponse(response));
      }
      for (const [name, value] of Object.entries(HOSTILE_RESPONSE_HEADERS)) {
        if (name.startsWith('x-ext-') || name === 'cache-control' || name === 'connection') continue;
        if (response.headers[name]?.includes(value))
          fail(`${what}: no ${name}: ${value} from the handler`, describeResponse(response));
      }
      if (response.headers['set-cookie'] !== undefined) fail(`${what}: no set-cookie`, describeResponse(response));
      if (response.headers['access-control-allow-origin'] !== origin) {
        fail(`${what}: the host's access-control-allow-origin: ${origin}`, describeResponse(response));
      }
      if (response.headers['access-control-allow-credentials'] !== undefined) {
        fail(`${what}: no access-control-allow-credentials`, describeResponse(response));
      }
      if (/\bpublic\b/i.test(response.headers['cache-control'] ?? '')) {
        fail(`${what}: a per-user answer no shared cache may store (not public)`, describeResponse(response));
      }
    },
  },
];
