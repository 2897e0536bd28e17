import { apiPath, expectRefusal, fail } from './expect.js';
import { validToken } from './forge.js';
import type { ConformanceCase } from './target.js';

/** How soon a host must answer when its runner cannot be reached. */
const RUNNER_DOWN_WITHIN_MS = 3000;

export const runnerCases: readonly ConformanceCase[] = [
  {
    name: 'runner: a runner that cannot be reached is 503 runner_unavailable, at once',
    async run(target) {
      const what = 'GET /headers with the runner down';
      const token = await validToken(target);
      const started = performance.now();
      const response = await target.sendRunnerDown({
        method: 'GET',
        path: apiPath(target, target.installs.primary, '/headers'),
        headers: { authorization: `Bearer ${token}` },
      });
      const elapsed = Math.round(performance.now() - started);
      const error = expectRefusal(response, 503, 'runner_unavailable', what);
      if (!error.retriable) fail(`${what}: a retriable refusal`, JSON.stringify(error));
      if (elapsed > RUNNER_DOWN_WITHIN_MS)
        fail(`${what}: an answer within ${RUNNER_DOWN_WITHIN_MS} ms`, `${elapsed} ms`);
    },
  },
];
