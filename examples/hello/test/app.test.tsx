// The hello UI against the SDK's mock host: the real bridge protocol in-process, the handler faked.
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
  const host = createMockHost({ extensionId: 'com.example.hello', apiTransport: 'bridge', api: handler.api });
  render(
    <ExtProvider ext={connect({ transport: host.transport })}>
      <App />
    </ExtProvider>,
  );
  return { host, handler };
}

describe('hello', () => {
  it('shows the counter and increments it through the API', async () => {
    const { host } = mount();
    await waitFor(() => expect(screen.getByTestId('counter-value').textContent).toBe('0'));
    await userEvent.click(screen.getByTestId('counter-increment'));
    await waitFor(() => expect(screen.getByTestId('counter-value').textContent).toBe('1'));
    await userEvent.click(screen.getByTestId('counter-increment'));
    await waitFor(() => expect(screen.getByTestId('counter-value').textContent).toBe('2'));
    expect(host.apiRequests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /counter',
      'POST /counter/increment',
      'POST /counter/increment',
    ]);
  });

  it('posts the form as JSON to /echo and shows the answer', async () => {
    const { host } = mount();
    const input = await screen.findByTestId('echo-input');
    await userEvent.clear(input);
    await userEvent.type(input, 'ping{Enter}');
    const result = await screen.findByTestId('echo-result');
    expect(result.textContent).toContain('"message": "ping"');
    expect(result.textContent).toContain('"displayName": "Ada"');
    const sent = host.apiRequests.find((r) => r.path === '/echo')!;
    expect(sent.headers['content-type']).toBe('application/json');
    expect(JSON.parse(new TextDecoder().decode(sent.body))).toMatchObject({ message: 'ping' });
  });

  it('shows the quote the handler fetched', async () => {
    mount();
    await userEvent.click(await screen.findByTestId('quote-fetch'));
    expect((await screen.findByTestId('quote-result')).textContent).toContain('Dijkstra');
  });

  it('shows an API failure with its code in a role="alert"', async () => {
    const { handler } = mount();
    await waitFor(() => expect(screen.getByTestId('counter-value').textContent).toBe('0'));
    handler.state.failWith = { status: 503, code: 'runner_unavailable', message: 'the runner is not answering' };
    await userEvent.click(screen.getByTestId('counter-increment'));
    const alert = await screen.findByTestId('counter-error');
    expect(alert.getAttribute('role')).toBe('alert');
    expect(screen.getByTestId('counter-error-code').textContent).toBe('runner_unavailable');
    expect(alert.textContent).toContain('the runner is not answering');
    // Once the runner is back, the same button works again and the error goes away.
    handler.state.failWith = undefined;
    await userEvent.click(screen.getByTestId('counter-increment'));
    await waitFor(() => expect(screen.getByTestId('counter-value').textContent).toBe('1'));
    expect(screen.queryByTestId('counter-error')).toBeNull();
  });

  it('toggles the details panel', async () => {
    mount();
    const toggle = await screen.findByTestId('details-toggle');
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(screen.getByTestId('details-panel').hidden).toBe(true);
    await userEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(screen.getByTestId('details-panel').textContent).toContain('com.example.hello');
  });

  it('follows the host theme', async () => {
    const { host } = mount();
    expect((await screen.findByTestId('theme-mode')).textContent).toBe('light');
    await host.setTheme('dark');
    await waitFor(() => expect(screen.getByTestId('theme-mode').textContent).toBe('dark'));
    expect(document.documentElement.style.getPropertyValue('--ext-color-bg')).not.toBe('');
  });
});
