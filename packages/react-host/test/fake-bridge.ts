import { vi } from 'vitest';
import type { BootstrapOptions, BridgeEvents, BridgeHandle, ConnectedInfo, HostBridgeError } from '@extsys/host-bridge';

// Set by the vi.mock factory from the real module (this file must not import the mocked one).
let ErrorClass: typeof HostBridgeError;
export function useErrorClass(cls: typeof HostBridgeError) {
  ErrorClass = cls;
}

/** A scripted stand-in for the handle `bootstrapIframe()` returns. */
export interface FakeBridge extends BridgeHandle {
  options: BootstrapOptions;
  resolveReady(info?: Partial<ConnectedInfo>): void;
  rejectReady(error: HostBridgeError): void;
  emit<K extends keyof BridgeEvents>(type: K, payload: BridgeEvents[K]): void;
  listenerCount(): number;
  destroyed: boolean;
  setTheme: ReturnType<typeof vi.fn<BridgeHandle['setTheme']>>;
  navigate: ReturnType<typeof vi.fn<BridgeHandle['navigate']>>;
  setContext: ReturnType<typeof vi.fn<BridgeHandle['setContext']>>;
  setSubject: ReturnType<typeof vi.fn<BridgeHandle['setSubject']>>;
  setVisible: ReturnType<typeof vi.fn<BridgeHandle['setVisible']>>;
  leave: ReturnType<typeof vi.fn<BridgeHandle['leave']>>;
  dirty: boolean;
}

export const bridges: FakeBridge[] = [];

export function fakeBootstrap(options: BootstrapOptions): BridgeHandle {
  const listeners = new Map<PropertyKey, Set<(p: unknown) => void>>();
  let resolveReady!: (info: ConnectedInfo) => void;
  let rejectReady!: (error: HostBridgeError) => void;
  const ready = new Promise<ConnectedInfo>((resolve, reject) => {
    resolveReady = resolve;
    rejectReady = reject;
  });
  ready.catch(() => undefined);
  const bridge: FakeBridge = {
    options,
    ready,
    state: 'connecting',
    destroyed: false,
    stats: { total: 0, byReason: {} as BridgeHandle['stats']['byReason'] },
    on(type, listener) {
      const set = listeners.get(type) ?? new Set<(p: unknown) => void>();
      const l = listener;
      set.add(l);
      listeners.set(type, set);
      return () => set.delete(l);
    },
    emit(type, payload) {
      for (const l of listeners.get(type) ?? []) l(payload);
    },
    listenerCount: () => [...listeners.values()].reduce((n, s) => n + s.size, 0),
    resolveReady: (info) =>
      resolveReady({
        protocol: '1.0',
        sdkVersion: '0.1.0',
        sdkFeatures: [],
        hostFeatures: [],
        reconnected: false,
        ...info,
      }),
    rejectReady: (error) => rejectReady(error),
    setTheme: vi.fn<BridgeHandle['setTheme']>(() => Promise.resolve()),
    navigate: vi.fn<BridgeHandle['navigate']>(() => Promise.resolve()),
    setContext: vi.fn<BridgeHandle['setContext']>(() => Promise.resolve()),
    entry: { target: 'page', id: 'main' },
    setSubject: vi.fn<BridgeHandle['setSubject']>(() => Promise.resolve()),
    setVisible: vi.fn<BridgeHandle['setVisible']>(() => Promise.resolve()),
    leave: vi.fn<BridgeHandle['leave']>(() => Promise.resolve(true)),
    dirty: false,
    refreshToken: () => Promise.resolve(),
    destroy: () => {
      if (bridge.destroyed) return;
      bridge.destroyed = true;
      rejectReady(new ErrorClass('connection_destroyed', 'destroyed'));
    },
  };
  bridges.push(bridge);
  return bridge;
}
