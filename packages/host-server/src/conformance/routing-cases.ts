import { HEADER } from '@extsys/protocol';
import { apiPath, describeResponse, expectRefusal, fail, withoutRunnerCall } from './expect.js';
import { validToken } from './forge.js';
import type { ConformanceCase, ConformanceTarget } from './target.js';

async function call(target: ConformanceTarget, method: string, path: string, body?: string) {
  const token = await validToken(target);
  return target.send({
    method,
    path: apiPath(target, target.installs.primary, path),
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body }),
  });
}

export const routingCases: readonly ConformanceCase[] = [
  {
    name: 'routing: an endpoint the manifest does not declare is 404 endpoint_not_found',
    async run(target) {
      const what = 'GET /no-such-endpoint';
      const response = await withoutRunnerCall(target, what, () => call(target, 'GET', '/no-such-endpoint'));
      expectRefusal(response, 404, 'endpoint_not_found', what);
    },
  },
  {
    name: 'routing: a method the manifest does not declare for a path is 404 endpoint_not_found',
    async run(target) {
      for (const [method, path] of [
        ['DELETE', '/headers'],
        ['PUT', '/echo'],
        ['GET', '/echo'],
      ] as const) {
        const what = `${method} ${path} (declared with another method)`;
        const response = await withoutRunnerCall(target, what, () => call(target, method, path));
        expectRefusal(response, 404, 'endpoint_not_found', what);
      }
    },
  },
  {
    name: 'routing: a method that is not an API method is 405 method_not_allowed',
    async run(target) {
      // QUERY (with the content type it requires): a method every server framework routes
      // (Node's parser, Fastify and web Requests know it), and no extension API method.
      const what = 'QUERY /headers';
      const response = await withoutRunnerCall(target, what, () => call(target, 'QUERY', '/headers', '{}'));
      expectRefusal(response, 405, 'method_not_allowed', what);
    },
  },
  {
    name: 'routing: HEAD is 405 with no body',
    async run(target) {
      const what = 'HEAD /headers';
      const response = await withoutRunnerCall(target, what, () => call(target, 'HEAD', '/headers'));
      if (response.status !== 405) fail(`${what}: 405`, describeResponse(response));
      if (response.body.byteLength !== 0) fail(`${what}: no body`, describeResponse(response));
      if (!response.headers[HEADER.requestId]) fail(`${what}: an x-request-id header`, describeResponse(response));
    },
  },
];
