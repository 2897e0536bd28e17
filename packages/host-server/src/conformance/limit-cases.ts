import { HEADER } from '@extsys/protocol';
import {
  apiPath,
  describeResponse,
  expectRefusal,
  expectStatus,
  fail,
  withRunnerCall,
  withoutRunnerCall,
} from './expect.js';
import { validToken } from './forge.js';
import type { ConformanceCase, ConformanceTarget } from './target.js';

/** `size` bytes of a recognisable pattern. */
function bytes(size: number): Uint8Array {
  const data = new Uint8Array(size);
  for (let i = 0; i < size; i++) data[i] = i % 251;
  return data;
}

async function echo(target: ConformanceTarget, body: Uint8Array, extra: Record<string, string> = {}) {
  const token = await validToken(target);
  return target.send({
    method: 'POST',
    path: apiPath(target, target.installs.primary, '/echo'),
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream', ...extra },
    body,
  });
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && a.every((byte, i) => byte === b[i]);
}

export const limitCases: readonly ConformanceCase[] = [
  {
    name: 'limits: a body of exactly the cap reaches the handler byte for byte',
    async run(target) {
      const what = `POST /echo with ${target.limits.maxBodyBytes} bytes`;
      const body = bytes(target.limits.maxBodyBytes);
      const { response, call } = await withRunnerCall(target, what, () => echo(target, body));
      expectStatus(response, 200, what);
      if (!sameBytes(call.body, body))
        fail(`${what}: the runner to get the body byte for byte`, `${call.body.byteLength} bytes`);
      if (!sameBytes(response.body, body))
        fail(`${what}: the handler's echo byte for byte`, `${response.body.byteLength} bytes`);
    },
  },
  {
    name: 'limits: a body over the cap is 413 payload_too_large, and nothing reaches the runner',
    async run(target) {
      const what = `POST /echo with ${target.limits.maxBodyBytes + 1} bytes (content-length)`;
      const response = await withoutRunnerCall(target, what, () => echo(target, bytes(target.limits.maxBodyBytes + 1)));
      expectRefusal(response, 413, 'payload_too_large', what);
    },
  },
  {
    name: 'limits: a chunked body over the cap is 413 payload_too_large, and nothing reaches the runner',
    async run(target) {
      const what = `POST /echo with ${target.limits.maxBodyBytes * 2} bytes (chunked, no length)`;
      const response = await withoutRunnerCall(target, what, () =>
        echo(target, bytes(target.limits.maxBodyBytes * 2), { 'transfer-encoding': 'chunked' }),
      );
      expectRefusal(response, 413, 'payload_too_large', what);
    },
  },
];

/** Past the burst: 429 rate_limited with Retry-After, and the refused call never reaches the runner. */
export const rateLimitCase: ConformanceCase = {
  name: 'limits: past the rate-limit burst a call is 429 rate_limited with Retry-After, not run',
  async run(target) {
    const install = target.installs.rateLimited;
    const token = await validToken(target, install);
    const send = () =>
      target.send({
        method: 'GET',
        path: apiPath(target, install, '/headers'),
        headers: { authorization: `Bearer ${token}` },
      });
    // The bucket refills while the burst is spent: allow a few calls more than the burst.
    const attempts = target.limits.rateLimitBurst + 5;
    for (let i = 1; i <= attempts; i++) {
      const before = target.runnerCalls().length;
      const response = await send();
      if (response.status === 200) continue;
      const what = `call ${i} of a burst of ${target.limits.rateLimitBurst}`;
      expectRefusal(response, 429, 'rate_limited', what);
      const retryAfter = response.headers[HEADER.retryAfter];
      if (!retryAfter || !/^\d+$/.test(retryAfter) || Number(retryAfter) < 1) {
        fail(`${what}: a Retry-After of whole seconds, at least 1`, describeResponse(response));
      }
      if (target.runnerCalls().length !== before)
        fail(`${what}: the refused call not to reach the runner`, 'a runner call');
      return;
    }
    fail(`429 rate_limited within ${attempts} calls`, `${attempts} answers of 200`);
  },
};
