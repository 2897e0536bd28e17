// Stands in for the handler behind the gateway in the UI tests: serves the mock host's bridged API
// calls (`createMockHost({apiTransport: 'bridge', api})`) with the JSON the real handler answers.
import type { MockApiResponse } from '@extsys/ext-sdk/testing';

type ApiRequest = { method: string; path: string };

const json = (status: number, value: unknown): MockApiResponse => ({
  status,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(value),
});

export function fakeHandler() {
  /** `failWith`: every call answers this error, as the gateway does when the runner is down. */
  const state = { count: 0, failWith: undefined as { status: number; code: string; message: string } | undefined };
  const api = (request: ApiRequest): MockApiResponse => {
    if (state.failWith) {
      const { status, code, message } = state.failWith;
      return json(status, { error: { code, message, retriable: true, requestId: 'req-test-1' } });
    }
    const route = `${request.method} ${request.path}`;
    switch (route) {
      case 'GET /greeting':
        return json(200, { message: 'Hello, Ada!' });
      case 'GET /counter':
        return json(200, { count: state.count });
      case 'POST /counter/increment':
        state.count += 1;
        return json(200, { count: state.count });
      default:
        return json(404, { error: { code: 'endpoint_not_found', message: `no endpoint ${route}`, retriable: false } });
    }
  };
  return { state, api };
}
