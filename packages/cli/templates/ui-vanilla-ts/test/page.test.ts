// The page against the SDK's mock host: the real bridge protocol in-process, the handler faked
// (test/fake-handler.ts). Add a test here for each thing the page does.
import { connect } from '@extsys/ext-sdk';
import { createMockHost } from '@extsys/ext-sdk/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mountPage } from '../src/page.js';
import { fakeHandler } from './fake-handler.js';

const byTestId = (id: string) => document.querySelector<HTMLElement>(`[data-testid="${id}"]`);

async function mount() {
  const handler = fakeHandler();
  const host = createMockHost({ apiTransport: 'bridge', api: handler.api });
  const root = document.body.appendChild(document.createElement('main'));
  const ext = await connect({ transport: host.transport });
  await mountPage(root, ext);
  return { host, handler, ext };
}

afterEach(() => document.body.replaceChildren());

describe('the page', () => {
  it('greets the user and shows the counter', async () => {
    await mount();
    expect(byTestId('greeting')?.textContent).toBe('Hello, Ada!');
    expect(byTestId('counter-value')?.textContent).toBe('0');
  });

  it('increments the counter through the API', async () => {
    const { host } = await mount();
    byTestId('counter-increment')!.click();
    await vi.waitFor(() => expect(byTestId('counter-value')?.textContent).toBe('1'));
    expect(host.apiRequests.map((r) => `${r.method} ${r.path}`).sort()).toEqual([
      'GET /counter',
      'GET /greeting',
      'POST /counter/increment',
    ]);
  });

  it('shows an API failure with its code in a role="alert"', async () => {
    const { handler } = await mount();
    handler.state.failWith = { status: 503, code: 'runner_unavailable', message: 'the runner is not answering' };
    byTestId('counter-increment')!.click();
    await vi.waitFor(() => expect(byTestId('error-code')?.textContent).toBe('runner_unavailable'));
    expect(byTestId('error')?.getAttribute('role')).toBe('alert');
  });
});
