// Unit tests of react-host: `bootstrapIframe` from @extsys/host-bridge is replaced by a scripted
// fake (test/fake-bridge.ts) so that each bridge state can be driven by hand. buildExtUiSrc and
// sandboxFor are the real ones. The real bridge is exercised in teardown.test.tsx (listeners) and
// in Chromium by the Storybook ExtensionFrame story.
import { StrictMode } from 'react';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HostBridgeError } from '@extsys/host-bridge';
import type * as HostBridge from '@extsys/host-bridge';
import { resolveTheme } from '@extsys/protocol/theme';
import { bridges } from './fake-bridge.js';
import { ExtensionFrame, useExtensionFrame, type ExtensionFrameProps } from '../src/index.js';

vi.mock('@extsys/host-bridge', async (importOriginal) => {
  const actual = await importOriginal<typeof HostBridge>();
  const fake = await import('./fake-bridge.js');
  fake.useErrorClass(actual.HostBridgeError);
  return { ...actual, bootstrapIframe: vi.fn(fake.fakeBootstrap) };
});

const HASH = 'sha256:' + 'a'.repeat(64);
const HASH_B = 'sha256:' + 'b'.repeat(64);
function props(overrides: Partial<ExtensionFrameProps> = {}): ExtensionFrameProps {
  return {
    extensionId: 'acme.tickets',
    contentHash: HASH,
    installId: 'inst-1',
    version: '1.0.0',
    title: 'Acme Tickets',
    ui: { type: 'iframe', entry: 'ui/index.html', initialHeight: 480 },
    runnerBase: 'https://runner.example.com',
    theme: resolveTheme('light'),
    getToken: () => ({ token: 't', ttlMs: 60_000 }),
    gateway: { baseUrl: 'https://host.example.com', transport: 'direct' },
    tenant: { id: 'tenant-1', displayName: 'Tenant' },
    ...overrides,
  };
}
const live = () => bridges.filter((b) => !b.destroyed);
const last = () => bridges[bridges.length - 1]!;
const flush = () => act(async () => {});

beforeEach(() => {
  bridges.length = 0;
});
afterEach(cleanup);

describe('<ExtensionFrame>', () => {
  it('reserves the manifest height with a skeleton and mounts a titled, sandboxed iframe', () => {
    const { container } = render(<ExtensionFrame {...props()} />);
    const iframe = container.querySelector('iframe')!;
    expect(iframe.title).toBe('Acme Tickets');
    expect(iframe.getAttribute('sandbox')).toBe('allow-scripts');
    expect(iframe.getAttribute('referrerpolicy')).toBe('no-referrer');
    expect(iframe.style.height).toBe('480px');
    expect(iframe.style.visibility).toBe('hidden');
    // The runner serves the entry's folder (`ui/`) at the hash: the page is `index.html` there.
    expect(iframe.src).toMatch(
      /^https:\/\/runner\.example\.com\/ext-ui\/acme\.tickets\/sha256(:|%3A)a{64}\/index\.html\?/,
    );
    expect(screen.getByRole('status').textContent).toContain('Loading Acme Tickets');
    expect(container.firstElementChild!.getAttribute('aria-busy')).toBe('true');
    // The nonce in the URL fragment is the one the bridge checks.
    const nonce = new URLSearchParams(new URL(iframe.src).hash.slice(1)).get('n');
    expect(last().options.nonce).toBe(nonce);
    expect(last().options.iframe).toBe(iframe);
    expect(last().options.extension).toMatchObject({ id: 'acme.tickets', contentHash: HASH, title: 'Acme Tickets' });
  });

  it('hands the sandbox policy to the bridge, which binds allow-same-origin to the declared origin', () => {
    const sandboxPolicy = { sameOrigin: true, extensionOrigin: 'https://runner.example.com' };
    const { container } = render(<ExtensionFrame {...props({ sandboxPolicy })} />);
    expect(container.querySelector('iframe')!.getAttribute('sandbox')).toBe('allow-scripts allow-same-origin');
    expect(last().options.sandboxPolicy).toEqual(sandboxPolicy);
  });

  it('shows the extension once the handshake completes', async () => {
    const onStateChange = vi.fn();
    const onReady = vi.fn();
    const { container } = render(<ExtensionFrame {...props({ onStateChange, onReady })} />);
    last().resolveReady();
    await flush();
    expect(screen.queryByRole('status')).toBeNull();
    expect(container.querySelector('iframe')!.style.visibility).toBe('visible');
    expect(onStateChange).toHaveBeenLastCalledWith('connected', undefined);
    expect(onReady).toHaveBeenCalledTimes(1);
    expect(container.firstElementChild!.getAttribute('data-status')).toBe('connected');
  });

  it('shows an alert with Retry when the handshake fails, and Retry remounts with a new nonce', async () => {
    const { container } = render(<ExtensionFrame {...props()} />);
    const first = last();
    const firstIframe = container.querySelector('iframe')!;
    first.rejectReady(new HostBridgeError('handshake_timeout', 'no hello within 10000 ms'));
    await flush();
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('Acme Tickets could not be loaded: no hello within 10000 ms');
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    await flush();
    expect(document.activeElement).toBe(container.firstElementChild);
    expect(first.destroyed).toBe(true);
    expect(live()).toHaveLength(1);
    expect(last()).not.toBe(first);
    expect(last().options.nonce).not.toBe(first.options.nonce);
    const iframe = container.querySelector('iframe')!;
    expect(iframe).not.toBe(firstIframe);
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByRole('status')).toBeTruthy();
    last().resolveReady();
    await flush();
    expect(container.firstElementChild!.getAttribute('data-status')).toBe('connected');
  });

  it('a late hello after a handshake timeout still connects', async () => {
    const { container } = render(<ExtensionFrame {...props()} />);
    last().rejectReady(new HostBridgeError('handshake_timeout', 'late'));
    await flush();
    expect(screen.getByRole('alert')).toBeTruthy();
    act(() => last().emit('state', { state: 'connected' }));
    expect(screen.queryByRole('alert')).toBeNull();
    expect(container.firstElementChild!.getAttribute('data-status')).toBe('connected');
  });

  it('reports a lost connection as an error with Retry', async () => {
    const onError = vi.fn();
    const onStateChange = vi.fn();
    render(<ExtensionFrame {...props({ onError, onStateChange })} />);
    last().resolveReady();
    await flush();
    act(() => last().emit('state', { state: 'reconnecting' }));
    expect(onStateChange).toHaveBeenLastCalledWith('reconnecting', undefined);
    act(() => last().emit('state', { state: 'lost', reason: 'the page closed its side' }));
    expect(screen.getByRole('alert').textContent).toContain('the page closed its side');
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ code: 'connection_lost' }));
    expect(onStateChange).toHaveBeenLastCalledWith('error', expect.objectContaining({ code: 'connection_lost' }));
    expect(screen.getByRole('button', { name: 'Retry' })).toBeTruthy();
  });

  it('forwards bridge error events to onError without leaving the connected state', async () => {
    const onError = vi.fn();
    const { container } = render(<ExtensionFrame {...props({ onError })} />);
    last().resolveReady();
    await flush();
    const e = new HostBridgeError('internal', 'getToken failed');
    act(() => last().emit('error', e));
    expect(onError).toHaveBeenCalledWith(e);
    expect(container.firstElementChild!.getAttribute('data-status')).toBe('connected');
  });

  it('pushes theme and path changes without remounting', async () => {
    const { container, rerender } = render(<ExtensionFrame {...props()} />);
    const bridge = last();
    const iframe = container.querySelector('iframe');
    bridge.resolveReady();
    await flush();
    // An equal theme in a new object is not pushed.
    rerender(<ExtensionFrame {...props({ theme: resolveTheme('light') })} />);
    expect(bridge.setTheme).not.toHaveBeenCalled();
    const dark = resolveTheme('dark');
    rerender(<ExtensionFrame {...props({ theme: dark })} />);
    expect(bridge.setTheme).toHaveBeenCalledExactlyOnceWith(dark);
    rerender(<ExtensionFrame {...props({ theme: dark, path: '/tickets/7' })} />);
    expect(bridge.navigate).toHaveBeenCalledExactlyOnceWith('/tickets/7');
    // New callbacks, class names and styles do not remount either.
    rerender(
      <ExtensionFrame
        {...props({ theme: dark, path: '/tickets/7', getToken: () => ({ token: 'u', ttlMs: 1 }) })}
        className="x"
        style={{ margin: 1 }}
      />,
    );
    expect(bridges).toHaveLength(1);
    expect(container.querySelector('iframe')).toBe(iframe);
  });

  it('pushes locale, direction and time zone changes (only those that changed) without remounting', async () => {
    const initial = { locale: 'en-GB', timeZone: 'Europe/London' };
    const { container, rerender } = render(<ExtensionFrame {...props(initial)} />);
    const bridge = last();
    const iframe = container.querySelector('iframe');
    expect(bridge.options).toMatchObject({ locale: 'en-GB', timeZone: 'Europe/London' });
    bridge.resolveReady();
    await flush();
    rerender(<ExtensionFrame {...props(initial)} />);
    expect(bridge.setContext).not.toHaveBeenCalled();
    rerender(<ExtensionFrame {...props({ ...initial, timeZone: 'Asia/Tokyo' })} />);
    expect(bridge.setContext).toHaveBeenLastCalledWith({ timeZone: 'Asia/Tokyo' });
    rerender(<ExtensionFrame {...props({ locale: 'ar-EG', direction: 'rtl', timeZone: 'Asia/Tokyo' })} />);
    expect(bridge.setContext).toHaveBeenLastCalledWith({ locale: 'ar-EG', direction: 'rtl' });
    expect(bridge.setContext).toHaveBeenCalledTimes(2);
    expect(bridges).toHaveLength(1);
    expect(container.querySelector('iframe')).toBe(iframe);
  });

  it('reports a refused context change to onError', async () => {
    const onError = vi.fn();
    const { rerender } = render(<ExtensionFrame {...props({ onError })} />);
    const bridge = last();
    bridge.resolveReady();
    await flush();
    const refused = new HostBridgeError('validation_failed', 'context: timeZone: must be an IANA time zone');
    bridge.setContext.mockRejectedValueOnce(refused);
    rerender(<ExtensionFrame {...props({ onError, timeZone: 'Paris time' })} />);
    await flush();
    expect(onError).toHaveBeenCalledWith(refused);
  });

  it('calls the latest getToken and onNavigate (no remount needed to change them)', async () => {
    const first = vi.fn(() => ({ token: 'a', ttlMs: 1000 }));
    const second = vi.fn(() => ({ token: 'b', ttlMs: 1000 }));
    const nav = vi.fn();
    const { rerender } = render(<ExtensionFrame {...props({ getToken: first, onNavigate: vi.fn() })} />);
    rerender(<ExtensionFrame {...props({ getToken: second, onNavigate: nav })} />);
    await last().options.getToken();
    last().options.onNavigate!('/x', { replace: false });
    expect(first).not.toHaveBeenCalled();
    expect(second).toHaveBeenCalled();
    expect(nav).toHaveBeenCalledWith('/x', { replace: false });
  });

  it('remounts when the extension or the content hash changes', async () => {
    const { container, rerender } = render(<ExtensionFrame {...props()} />);
    const first = last();
    const iframe = container.querySelector('iframe');
    rerender(<ExtensionFrame {...props({ contentHash: HASH_B })} />);
    await flush();
    expect(first.destroyed).toBe(true);
    expect(live()).toHaveLength(1);
    expect(last().options.extension.contentHash).toBe(HASH_B);
    expect(container.querySelector('iframe')).not.toBe(iframe);
    expect(container.querySelector('iframe')!.src).toContain('/' + encodeURIComponent(HASH_B) + '/');
    rerender(<ExtensionFrame {...props({ contentHash: HASH_B, extensionId: 'acme.other' })} />);
    await flush();
    expect(live()).toHaveLength(1);
    expect(last().options.extension.id).toBe('acme.other');
  });

  it('tears the bridge down on unmount and unsubscribes its listeners', async () => {
    const { unmount } = render(<ExtensionFrame {...props()} />);
    const bridge = last();
    expect(bridge.listenerCount()).toBeGreaterThan(0);
    unmount();
    expect(bridge.destroyed).toBe(true);
    expect(bridge.listenerCount()).toBe(0);
  });

  it('survives React 19 StrictMode double mount with exactly one live bridge', async () => {
    const { container, unmount } = render(
      <StrictMode>
        <ExtensionFrame {...props()} />
      </StrictMode>,
    );
    await flush();
    expect(live()).toHaveLength(1);
    const iframe = container.querySelectorAll('iframe');
    expect(iframe).toHaveLength(1);
    expect(live()[0]!.options.iframe).toBe(iframe[0]);
    expect(new URL(iframe[0]!.src).hash).toContain(`n=${live()[0]!.options.nonce}`);
    live()[0]!.resolveReady();
    await flush();
    expect(container.firstElementChild!.getAttribute('data-status')).toBe('connected');
    unmount();
    expect(live()).toHaveLength(0);
    expect(bridges.every((b) => b.listenerCount() === 0)).toBe(true);
  });

  it('shows the error state when the inputs are invalid (bad content hash)', async () => {
    const onError = vi.fn();
    render(<ExtensionFrame {...props({ contentHash: 'nope', onError })} />);
    await flush();
    expect(screen.getByRole('alert')).toBeTruthy();
    expect(onError).toHaveBeenCalledWith(expect.any(HostBridgeError));
    expect(bridges).toHaveLength(0);
  });

  it('accepts custom loading and error renderers', async () => {
    render(
      <ExtensionFrame
        {...props()}
        loading={<span>wait</span>}
        renderError={(error, retry) => (
          <div role="alert">
            {error?.code}
            <button onClick={retry}>again</button>
          </div>
        )}
      />,
    );
    expect(screen.getByText('wait')).toBeTruthy();
    last().rejectReady(new HostBridgeError('protocol_incompatible', 'upgrade'));
    await flush();
    expect(screen.getByRole('alert').textContent).toContain('protocol_incompatible');
    fireEvent.click(screen.getByRole('button', { name: 'again' }));
    await flush();
    expect(bridges).toHaveLength(2);
  });
});

describe('useExtensionFrame', () => {
  function OwnFrame(p: ExtensionFrameProps) {
    const frame = useExtensionFrame(p);
    if (!frame.iframeProps) return <p>placeholder {frame.initialHeight}</p>;
    const { key, ...rest } = frame.iframeProps;
    return (
      <>
        <iframe key={key} {...rest} className="own" />
        <output>{frame.status}</output>
      </>
    );
  }

  it('lets a host render its own iframe', async () => {
    const { container } = render(<OwnFrame {...props()} />);
    const iframe = container.querySelector('iframe.own');
    expect(iframe).toBeTruthy();
    expect(last().options.iframe).toBe(iframe);
    expect(screen.getByRole('status').textContent).toBe('connecting');
    last().resolveReady();
    await flush();
    expect(screen.getByRole('status').textContent).toBe('connected');
  });
});
