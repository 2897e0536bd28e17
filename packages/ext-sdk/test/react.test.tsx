import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { connect, type Ext } from '../src/index.js';
import { ExtProvider, useApi, useNavigation, useTheme, useToken } from '../src/react/index.js';
import { createMockHost } from '../src/testing/index.js';
import { silent } from './helpers.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
afterEach(() => {
  cleanup();
  server.resetHandlers();
});

// A small extension: lists items from its handler, follows the theme and the host's router.
function Items() {
  const theme = useTheme();
  const token = useToken();
  const { current, go } = useNavigation();
  const { data, error, loading, reload } = useApi<{ items: string[] }>('/items');
  return (
    <main data-mode={theme.mode} style={{ background: theme.tokens['color-bg'] }}>
      <p data-testid="path">{current}</p>
      <p data-testid="token">{token ? 'has token' : 'no token'}</p>
      {loading && <p>Loading…</p>}
      {error && <p role="alert">{error.code}</p>}
      {data && (
        <ul>
          {data.items.map((item) => (
            <li key={item}>{item}</li>
          ))}
        </ul>
      )}
      <button onClick={reload}>Reload</button>
      <button onClick={() => void go('/details')}>Details</button>
    </main>
  );
}

describe('createMockHost drives a React extension through its whole life cycle', () => {
  it('connect → data → theme change → 401 refresh → host navigation → lost → reconnected → destroyed', async () => {
    const host = createMockHost({ theme: 'light', initialPath: '/list' });
    let items = ['alpha', 'beta'];
    server.use(
      http.get('https://gateway.test/api/ext/com.example.mock/items', ({ request }) =>
        host.isTokenValid(request.headers.get('authorization')?.slice('Bearer '.length))
          ? HttpResponse.json({ items })
          : HttpResponse.json(
              { error: { code: 'token_expired', message: 'expired', retriable: true } },
              { status: 401 },
            ),
      ),
    );
    const ready = connect({ transport: host.transport, logger: silent });
    render(
      <ExtProvider ext={ready} fallback={<p>Connecting…</p>}>
        <Items />
      </ExtProvider>,
    );
    expect(screen.getByText('Connecting…')).toBeTruthy();
    expect(await screen.findByText('alpha', {}, { timeout: 5000 })).toBeTruthy();
    expect(screen.getByTestId('path').textContent).toBe('/list');
    expect(screen.getByTestId('token').textContent).toBe('has token');
    expect(screen.getByRole('main').getAttribute('data-mode')).toBe('light');
    const ext: Ext = await ready;

    // theme change from the host
    await act(() => host.setTheme('dark').then(() => undefined));
    expect(screen.getByRole('main').getAttribute('data-mode')).toBe('dark');
    expect(document.documentElement.style.getPropertyValue('--ext-color-bg')).toBe('#0d1117');

    // the token expires at the gateway: the SDK refreshes it once and the reload succeeds
    host.expireToken();
    items = ['gamma'];
    act(() => screen.getByText('Reload').click());
    expect(await screen.findByText('gamma')).toBeTruthy();
    expect(host.tokenRequests).toEqual([{ reason: 'unauthorized' }]);

    // navigation both ways
    act(() => screen.getByText('Details').click());
    await waitFor(() => expect(screen.getByTestId('path').textContent).toBe('/details'));
    expect(host.navigations).toEqual([{ path: '/details' }]);
    await act(() => host.navigate('/elsewhere').then(() => undefined));
    expect(screen.getByTestId('path').textContent).toBe('/elsewhere');

    // the host goes away and comes back
    host.disconnect();
    await waitFor(() => expect(ext.state).toBe('lost'));
    host.restore();
    await waitFor(() => expect(ext.state).toBe('connected'), { timeout: 3000 });

    // a failing call shows the error code
    server.use(
      http.get('https://gateway.test/api/ext/com.example.mock/items', () =>
        HttpResponse.json({ error: { code: 'rate_limited', message: 'slow down', retriable: true } }, { status: 429 }),
      ),
    );
    act(() => screen.getByText('Reload').click());
    expect((await screen.findByRole('alert')).textContent).toBe('rate_limited');

    ext.destroy();
    expect(ext.state).toBe('destroyed');
    host.destroy();
  });

  it('renders renderError when connect() fails', async () => {
    const host = createMockHost({ protocol: { min: '2.0', max: '2.0' } });
    render(
      <ExtProvider
        ext={connect({ transport: host.transport, logger: silent })}
        renderError={(e) => <p role="alert">{e.code}</p>}
      >
        <Items />
      </ExtProvider>,
    );
    expect((await screen.findByRole('alert')).textContent).toBe('protocol_incompatible');
  });
});
