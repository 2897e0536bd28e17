import { HEADER } from '@extsys/protocol';
import {
  apiPath,
  bodyJson,
  describeResponse,
  expectRefusal,
  expectStatus,
  fail,
  withRunnerCall,
  withoutRunnerCall,
} from './expect.js';
import type { HeadersAnswer } from './fixture.js';
import { foreignKey, forgeToken, tamper, unsignedToken, validToken } from './forge.js';
import type { ConformanceCase, ConformanceInstall, ConformanceTarget } from './target.js';

/** `GET /headers` of the primary install's extension with `authorization` (none when undefined). */
function callHeaders(target: ConformanceTarget, authorization: string | undefined, extra: Record<string, string> = {}) {
  return target.send({
    method: 'GET',
    path: apiPath(target, target.installs.primary, '/headers'),
    headers: { ...(authorization === undefined ? {} : { authorization }), ...extra },
  });
}

/** A token refusal: `status code`, and nothing reaches the runner. */
function refusedToken(
  name: string,
  status: number,
  code: string,
  authorization: (target: ConformanceTarget) => Promise<string | undefined>,
  extra: Record<string, string> = {},
): ConformanceCase {
  return {
    name: `tokens: ${name} is ${status} ${code}`,
    async run(target) {
      const header = await authorization(target);
      const response = await withoutRunnerCall(target, name, () => callHeaders(target, header, extra));
      expectRefusal(response, status, code, name);
    },
  };
}

const bearer = (token: string) => `Bearer ${token}`;
const now = () => Math.floor(Date.now() / 1000);

/** A valid token reaches the handler, which is told the token's tenant and install. */
function reachesHandler(name: string, pick: (target: ConformanceTarget) => ConformanceInstall): ConformanceCase {
  return {
    name: `tokens: ${name}`,
    async run(target) {
      const install = pick(target);
      const token = await validToken(target, install);
      const { response, call } = await withRunnerCall(target, name, () =>
        target.send({
          method: 'GET',
          path: apiPath(target, install, '/headers'),
          headers: { authorization: bearer(token) },
        }),
      );
      expectStatus(response, 200, name);
      const seen = bodyJson<HeadersAnswer>(response, `${name}: the handler's answer`);
      if (seen.tenantId !== install.tenantId || seen.installId !== install.installId) {
        fail(
          `${name}: the handler to run for tenant ${install.tenantId}, install ${install.installId}`,
          `tenant ${seen.tenantId}, install ${seen.installId}`,
        );
      }
      const context = call.execute?.context;
      if (context?.tenantId !== install.tenantId || context.extensionId !== install.extensionId) {
        fail(`${name}: the runner call for ${install.tenantId}/${install.extensionId}`, JSON.stringify(context));
      }
      if (response.headers[HEADER.requestId] !== seen.requestId) {
        fail(
          `${name}: the answer's x-request-id to be the id the handler ran under (${seen.requestId})`,
          describeResponse(response),
        );
      }
    },
  };
}

export const tokenCases: readonly ConformanceCase[] = [
  reachesHandler('a valid token reaches the handler, for its tenant and install', (t) => t.installs.primary),
  reachesHandler('another tenant’s valid token reaches its own install', (t) => t.installs.otherTenant),
  refusedToken('a call without a token', 401, 'unauthenticated', async () => undefined),
  refusedToken('a call with only the host’s session cookie', 401, 'unauthenticated', async () => undefined, {
    cookie: 'session=host-session-cookie; sid=host-sid',
  }),
  refusedToken('an Authorization header that is not Bearer', 401, 'token_invalid', async (t) => {
    const token = await validToken(t);
    return `Basic ${Buffer.from(`user:${token}`).toString('base64')}`;
  }),
  refusedToken('a Bearer value that is not a JWT', 401, 'token_invalid', async () => bearer('not-a-token')),
  refusedToken('an expired token', 401, 'token_expired', async (t) =>
    bearer(
      await forgeToken(t, t.installs.primary, {
        claims: { iat: now() - 400, nbf: now() - 400, exp: now() - 120 },
      }),
    ),
  ),
  refusedToken('a token not valid yet (nbf in the future)', 401, 'token_invalid', async (t) =>
    bearer(await forgeToken(t, t.installs.primary, { claims: { iat: now(), nbf: now() + 300, exp: now() + 500 } })),
  ),
  refusedToken('a token of another issuer', 401, 'token_invalid', async (t) =>
    bearer(await forgeToken(t, t.installs.primary, { claims: { iss: 'https://other-host.example' } })),
  ),
  refusedToken('a token for another audience', 401, 'token_invalid', async (t) =>
    bearer(await forgeToken(t, t.installs.primary, { claims: { aud: 'another-service' } })),
  ),
  refusedToken('a token without an expiry', 401, 'token_invalid', async (t) =>
    bearer(await forgeToken(t, t.installs.primary, { claims: { exp: undefined } })),
  ),
  refusedToken('a tampered token (its tenant changed, its signature kept)', 401, 'token_invalid', async (t) =>
    bearer(tamper(await validToken(t), { tid: t.installs.otherTenant.tenantId, sub: 'someone-else' })),
  ),
  refusedToken('a token signed by another key under the host’s kid', 401, 'token_invalid', async (t) =>
    bearer(await forgeToken(t, t.installs.primary, { key: await foreignKey(), kid: t.tokens.signingKey.kid })),
  ),
  refusedToken('a token signed by a key the host does not hold', 401, 'token_invalid', async (t) =>
    bearer(await forgeToken(t, t.installs.primary, { key: await foreignKey() })),
  ),
  refusedToken('an unsigned token (alg none)', 401, 'token_invalid', async (t) =>
    bearer(unsignedToken(await validToken(t))),
  ),
  refusedToken('another extension’s token', 403, 'extension_mismatch', async (t) =>
    bearer(await validToken(t, t.installs.otherExtension)),
  ),
  refusedToken('a token of another tenant naming this tenant’s install', 404, 'extension_not_available', async (t) =>
    bearer(await forgeToken(t, t.installs.primary, { claims: { tid: t.installs.otherTenant.tenantId } })),
  ),
  refusedToken('a token of this tenant naming another tenant’s install', 404, 'extension_not_available', async (t) =>
    bearer(await forgeToken(t, t.installs.primary, { claims: { ins: t.installs.otherTenant.installId } })),
  ),
];
