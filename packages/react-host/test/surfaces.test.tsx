// The #15 surfaces props of <ExtensionFrame>: entry point, panel subject, visibility, dirty flag
// and leave(), against the scripted fake bridge (the real modal and leave flows are tested in
// @extsys/host-bridge).
import { createRef } from 'react';
import { act, cleanup, render } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type * as HostBridge from '@extsys/host-bridge';
import { resolveTheme } from '@extsys/protocol/theme';
import { bridges } from './fake-bridge.js';
import { ExtensionFrame, type ExtensionFrameHandle, type ExtensionFrameProps } from '../src/index.js';

vi.mock('@extsys/host-bridge', async (importOriginal) => {
  const actual = await importOriginal<typeof HostBridge>();
  const fake = await import('./fake-bridge.js');
  fake.useErrorClass(actual.HostBridgeError);
  return { ...actual, bootstrapIframe: vi.fn(fake.fakeBootstrap) };
});

const UI = {
  type: 'iframe',
  entry: 'ui/index.html',
  initialHeight: 480,
  entryPoints: [
    { id: 'main', target: 'page', path: '/', label: 'Tickets' },
    { id: 'ticket-panel', target: 'panel', path: '/panel', label: 'Ticket', initialHeight: 120 },
  ],
};
const SUBJECT = { type: 'customer', id: 'c-1' };

function props(overrides: Partial<ExtensionFrameProps> = {}): ExtensionFrameProps {
  return {
    extensionId: 'acme.tickets',
    contentHash: 'sha256:' + 'a'.repeat(64),
    installId: 'inst-1',
    version: '1.0.0',
    title: 'Acme Tickets',
    ui: UI,
    runnerBase: 'https://runner.example.com',
    theme: resolveTheme('light'),
    getToken: () => ({ token: 't', ttlMs: 60_000 }),
    gateway: { baseUrl: 'https://host.example.com', transport: 'direct' },
    tenant: { id: 'tenant-1', displayName: 'Tenant' },
    ...overrides,
  };
}
const last = () => bridges[bridges.length - 1]!;
const flush = () => act(async () => {});

beforeEach(() => {
  bridges.length = 0;
});
afterEach(cleanup);

describe('<ExtensionFrame> surfaces', () => {
  it('mounts a panel: entry point, subject, its path and reserved height', () => {
    const { container } = render(<ExtensionFrame {...props({ entryPoint: 'ticket-panel', subject: SUBJECT })} />);
    const { options } = last();
    expect(options).toMatchObject({ entryPoint: 'ticket-panel', subject: SUBJECT, initialPath: '/panel' });
    const iframe = container.querySelector('iframe')!;
    expect(new URL(iframe.src).searchParams.get('path')).toBe('/panel');
    expect(iframe.style.height).toBe('120px');
  });

  it('pushes a new subject and the visibility without remounting; a new entry point remounts', async () => {
    const initial = { entryPoint: 'ticket-panel', subject: SUBJECT };
    const { rerender } = render(<ExtensionFrame {...props(initial)} />);
    const bridge = last();
    // An equal subject in a new object is not pushed.
    rerender(<ExtensionFrame {...props({ ...initial, subject: { ...SUBJECT } })} />);
    expect(bridge.setSubject).not.toHaveBeenCalled();
    rerender(<ExtensionFrame {...props({ ...initial, subject: { type: 'customer', id: 'c-2' } })} />);
    expect(bridge.setSubject).toHaveBeenCalledExactlyOnceWith({ type: 'customer', id: 'c-2' });
    rerender(<ExtensionFrame {...props({ ...initial, subject: { type: 'customer', id: 'c-2' }, visible: false })} />);
    expect(bridge.setVisible).toHaveBeenCalledExactlyOnceWith(false);
    expect(bridges).toHaveLength(1);
    rerender(<ExtensionFrame {...props({ entryPoint: 'main' })} />);
    await flush();
    expect(bridges).toHaveLength(2);
    expect(bridge.destroyed).toBe(true);
    expect(last().options).toMatchObject({ entryPoint: 'main', initialPath: '/' });
  });

  it('passes the surfaces options to the bridge and reports the dirty flag', () => {
    const viewState = { get: vi.fn(), set: vi.fn() };
    const modals = { open: vi.fn() };
    const confirmLeave = vi.fn(() => true);
    const onDirtyChange = vi.fn();
    render(
      <ExtensionFrame
        {...props({ viewState, modals, maxModalDepth: 2, unmountGraceMs: 500, confirmLeave, onDirtyChange })}
      />,
    );
    const bridge = last();
    expect(bridge.options).toMatchObject({ viewState, modals, maxModalDepth: 2, unmountGraceMs: 500 });
    act(() => bridge.emit('dirty', true));
    expect(onDirtyChange).toHaveBeenCalledWith(true);
  });

  it('exposes leave() and dirty through its ref', async () => {
    const ref = createRef<ExtensionFrameHandle>();
    render(<ExtensionFrame {...props()} ref={ref} />);
    await flush();
    const bridge = last();
    bridge.leave.mockResolvedValueOnce(false);
    await expect(ref.current!.leave('navigate')).resolves.toBe(false);
    expect(bridge.leave).toHaveBeenCalledWith('navigate');
    expect(ref.current!.dirty).toBe(false);
    expect(ref.current!.bridge).toBe(bridge);
  });
});
