// Options of createExtensionGateway that the conformance suite does not reach: tokens given as a
// promise, and handle() called the way a Next.js route handler is (with {params}).
import { describe, expect, it } from 'vitest';
import { createExtensionGateway, createExtensionTokens, generateExtensionTokenKey } from '../src/index.js';

const install = {
  id: 'ins_1',
  extensionId: 'com.acme.hello',
  version: '1.0.0',
  contentHash: `sha256:${'b'.repeat(64)}`,
  enabled: true,
  endpoints: [{ method: 'GET' as const, path: '/counter', handler: 'getCounter' }],
  grants: [],
  egress: [],
  config: {},
  secrets: {},
};

interface Envelope {
  error: { code: string; requestId: string };
}

describe('createExtensionGateway', () => {
  it('takes its tokens as a promise, and handle() as a Next.js route handler with {params}', async () => {
    const tokens = createExtensionTokens({ keys: [await generateExtensionTokenKey()], issuer: 'https://app.test' });
    const gateway = createExtensionGateway({
      // Nothing listens there: a call that passed every check ends at runner_unavailable.
      runner: { url: 'http://127.0.0.1:9', serviceCredential: 'x'.repeat(32) },
      tokens,
      resolveInstall: ({ tenantId, extensionId }) =>
        tenantId === 'acme' && extensionId === install.extensionId ? install : undefined,
    });
    try {
      const { token } = await (await tokens).mint({ user: 'alice', tenant: 'acme', install });
      const call = (bearer: string) =>
        gateway.handle(
          new Request('https://app.test/api/ext/com.acme.hello/counter', {
            headers: { authorization: `Bearer ${bearer}` },
          }),
          { params: Promise.resolve({ path: ['com.acme.hello', 'counter'] }) },
        );
      const verified = await call(token);
      expect(verified.status).toBe(503);
      expect(((await verified.json()) as Envelope).error.code).toBe('runner_unavailable');
      const refused = await call(`${token.slice(0, -4)}AAAA`);
      expect(refused.status).toBe(401);
      expect(((await refused.json()) as Envelope).error).toMatchObject({
        code: 'token_invalid',
        requestId: refused.headers.get('x-request-id'),
      });
    } finally {
      await gateway.close();
    }
  });
});
