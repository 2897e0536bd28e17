// The UI against the SDK's mock host: the real bridge protocol in-process, the handler faked
// (test/fake-handler.ts). Add a test here for each thing the page does.
import { connect } from '@extsys/ext-sdk';
import { ExtProvider } from '@extsys/ext-sdk/react';
import { createMockHost } from '@extsys/ext-sdk/testing';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { App } from '../src/App.js';
import { fakeHandler } from './fake-handler.js';

function mount() {
  const handler = fakeHandler();
  const host = createMockHost({ apiTransport: 'bridge', api: handler.api });
  render(
    <ExtProvider ext={connect({ transport: host.transport })}>
      <App />
    </ExtProvider>,
  );
  return { host, handler };
}

describe('the page', () => {
  it('greets the user with the answer of GET /greeting', async () => {
    mount();
    await waitFor(() => expect(screen.getByTestId('greeting').textContent).toBe('Hello, Ada!'));
  });

  it('shows the counter and increments it through the API', async () => {
    const { host } = mount();
    await waitFor(() => expect(screen.getByTestId('counter-value').textContent).toBe('0'));
    await userEvent.click(screen.getByTestId('counter-increment'));
    await waitFor(() => expect(screen.getByTestId('counter-value').textContent).toBe('1'));
    expect(host.apiRequests.map((r) => `${r.method} ${r.path}`).sort()).toEqual([
      'GET /counter',
      'GET /greeting',
      'POST /counter/increment',
    ]);
  });

  it('shows an API failure with its code in a role="alert"', async () => {
    const { handler } = mount();
    await waitFor(() => expect(screen.getByTestId('counter-value').textContent).toBe('0'));
    handler.state.failWith = { status: 503, code: 'runner_unavailable', message: 'the runner is not answering' };
    await userEvent.click(screen.getByTestId('counter-increment'));
    const alert = await screen.findByTestId('counter-error');
    expect(alert.getAttribute('role')).toBe('alert');
    expect(screen.getByTestId('counter-error-code').textContent).toBe('runner_unavailable');
  });

  it('follows the host theme', async () => {
    const { host } = mount();
    expect((await screen.findByTestId('theme-mode')).textContent).toBe('light');
    await host.setTheme('dark');
    await waitFor(() => expect(screen.getByTestId('theme-mode').textContent).toBe('dark'));
  });
});
