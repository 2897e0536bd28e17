// The real @extsys/host-bridge (no mock): mounting <ExtensionFrame> and unmounting it must leave
// no listener behind on window or on the iframe's window, in StrictMode too.
import { StrictMode } from 'react';
import { act, render } from '@testing-library/react';
import { afterEach, expect, it, vi } from 'vitest';
import { resolveTheme } from '@extsys/protocol/theme';
import { ExtensionFrame } from '../src/index.js';

afterEach(() => vi.restoreAllMocks());

/** Counts live (type, listener) registrations on each target (window's methods are its own in jsdom). */
function trackListeners(targets: EventTarget[]) {
  const live = new Map<EventTarget, Map<string, Set<unknown>>>();
  for (const target of targets) spy(target, live);
  return (target: EventTarget) => [...(live.get(target)?.entries() ?? [])].flatMap(([t, s]) => [...s].map(() => t));
}
function spy(target: EventTarget, live: Map<EventTarget, Map<string, Set<unknown>>>) {
  const add = target.addEventListener.bind(target);
  const remove = target.removeEventListener.bind(target);
  vi.spyOn(target, 'addEventListener').mockImplementation(function (
    this: EventTarget,
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: boolean | AddEventListenerOptions,
  ) {
    const byType = live.get(this) ?? new Map<string, Set<unknown>>();
    live.set(this, byType);
    const set = byType.get(type) ?? new Set();
    byType.set(type, set);
    set.add(listener);
    return add(type, listener, options);
  });
  vi.spyOn(target, 'removeEventListener').mockImplementation(function (
    this: EventTarget,
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: boolean | EventListenerOptions,
  ) {
    live.get(this)?.get(type)?.delete(listener);
    return remove(type, listener, options);
  });
}

const frame = (
  <ExtensionFrame
    extensionId="acme.tickets"
    contentHash={'sha256:' + 'c'.repeat(64)}
    installId="inst-1"
    version="1.0.0"
    title="Acme Tickets"
    runnerBase="https://runner.example.com"
    theme={resolveTheme('dark')}
    getToken={() => ({ token: 't', ttlMs: 60_000 })}
    gateway={{ baseUrl: 'https://host.example.com', transport: 'direct' }}
    tenant={{ id: 'tenant-1', displayName: 'Tenant' }}
  />
);

it.each([
  ['plain', frame],
  ['StrictMode', <StrictMode key="s">{frame}</StrictMode>],
])('leaves no listener behind after unmount (%s)', async (_name, element) => {
  // React DOM attaches its document-level 'selectionchange' once per document, at its first root:
  // let it do that before counting.
  render(<div />).unmount();
  const listenersOn = trackListeners([window, document]);
  const { container, unmount } = render(element);
  await act(async () => {});
  const iframe = container.querySelector('iframe')!;
  expect(iframe).toBeTruthy();
  // The real bridge listens for the handshake on the host window.
  expect(listenersOn(window)).toContain('message');
  unmount();
  expect(listenersOn(window)).toEqual([]);
  expect(listenersOn(document)).toEqual([]);
});
