// Stands in for the wasm handler behind the gateway: serves the mock host's bridged API calls
// (`createMockHost({apiTransport: 'bridge', api})`) with the same JSON the real handler answers.
import type { MockApiResponse } from '@extsys/ext-sdk/testing';

type ApiRequest = { method: string; path: string; body?: Uint8Array };

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
      case 'GET /counter':
        return json(200, { count: state.count });
      case 'POST /counter/increment':
        state.count += 1;
        return json(200, { count: state.count });
      case 'POST /echo': {
        const received: unknown = JSON.parse(new TextDecoder().decode(request.body));
        return json(200, { received, user: { id: 'u-1', displayName: 'Ada' }, tenantId: 'tenant-mock' });
      }
      case 'GET /quote':
        return json(200, {
          text: 'Simplicity is prerequisite for reliability.',
          author: 'Dijkstra',
          source: 'http://127.0.0.1:8082',
        });
      default:
        return json(404, { error: { code: 'endpoint_not_found', message: `no endpoint ${route}`, retriable: false } });
    }
  };
  return { state, api };
}
