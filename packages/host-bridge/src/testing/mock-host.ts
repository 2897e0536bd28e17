import { connect as penpalConnect, Reply, type Connection, type Message, type Messenger } from 'penpal';
import {
  BRIDGE_CHANNEL,
  BRIDGE_LIMITS,
  HOST_FEATURES,
  encodeMountFragment,
  type ExtensionMethodName,
  type Theme,
  type ThemeMode,
} from '@extsys/protocol/bridge';
import { errorEnvelope } from '@extsys/protocol/errors';
import { HOST_METHODS, SUPPORTED_RANGE, type HostMethodName, type TokenRequest } from '@extsys/protocol/host-methods';
import { resolveTheme } from '@extsys/protocol/theme';
import { createHostSession } from '../session/host-session.js';
import { createMemoryViewStateStore } from '../session/view-state.js';
import { createMessengerPair } from './messenger-pair.js';
import type { Answer, MockHost, MockHostOptions, MockTransport } from './mock-host-types.js';
import { createMockEffects, createMockTokens, createRecords } from './mock-services.js';

type ExtensionRemote = { [M in ExtensionMethodName]: (params: unknown) => Promise<Answer> };

const DEFAULT_NONCE = 'mock-nonce-0123456789abcdef';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const silent = { warn: () => undefined, error: () => undefined };

function deadMessenger(): Messenger {
  return {
    initialize: () => undefined,
    sendMessage: () => {
      throw new Error('the mock host is disconnected');
    },
    addMessageHandler: () => undefined,
    removeMessageHandler: () => undefined,
    destroy: () => undefined,
  };
}

/**
 * An in-process host speaking the real bridge protocol, for extension authors' unit tests: the
 * host bridge's own session (hello and nonce check, version negotiation, grants, the method table
 * with its validation, token answers, state replay) driven over penpal and an in-process messenger
 * pair instead of an iframe. It records what it was asked.
 */
export function createMockHost(options: MockHostOptions = {}): MockHost {
  const extensionId = options.extensionId ?? 'com.example.mock';
  const nonce = options.nonce ?? DEFAULT_NONCE;
  const range = options.protocol ?? SUPPORTED_RANGE;
  const hostFeatures = options.hostFeatures ?? [...HOST_FEATURES];
  const gatewayBaseUrl = options.gatewayBaseUrl ?? 'https://gateway.test';
  const toTheme = (theme: Theme | ThemeMode): Theme => (typeof theme === 'string' ? resolveTheme(theme) : theme);
  const initialTheme = toTheme(options.theme ?? 'light');
  let down = false;
  let active: { remote: ExtensionRemote; conn: Connection } | undefined;
  const connections = new Set<Connection>();
  const mock = createRecords(options);
  const tokens = createMockTokens(mock);
  const viewState = options.viewState ?? createMemoryViewStateStore();

  const send = async (method: ExtensionMethodName, params: unknown): Promise<Answer> => {
    if (!active) return { ok: false, error: errorEnvelope('connection_lost', 'no extension is connected') };
    return active.remote[method](params);
  };

  const session = createHostSession({
    nonce,
    protocol: range,
    template: {
      extension: {
        id: extensionId,
        installId: 'install-mock',
        version: '1.0.0',
        contentHash: `sha256:${'0'.repeat(64)}`,
        title: 'Mock extension',
      },
      tenant: { id: 'tenant-mock', displayName: 'Mock tenant' },
      gateway: { baseUrl: gatewayBaseUrl, transport: options.apiTransport ?? 'direct' },
      hostFeatures,
      limits: {
        maxApiBodyBytes: options.maxApiBodyBytes ?? BRIDGE_LIMITS.maxApiBodyBytes,
        callTimeoutMs: options.callTimeoutMs ?? BRIDGE_LIMITS.callTimeoutMs,
      },
    },
    theme: initialTheme,
    fields: {
      locale: options.locale ?? 'en-GB',
      direction: options.direction ?? 'ltr',
      timeZone: options.timeZone ?? 'Europe/London',
    },
    initialPath: options.initialPath ?? '/',
    ...(options.entry ? { entry: options.entry } : {}),
    ...(options.visible !== undefined ? { visible: options.visible } : {}),
    viewState,
    maxModalDepth: options.maxModalDepth ?? 1,
    tokens,
    effects: createMockEffects({ ...options, extensionId, gatewayBaseUrl }, mock, tokens),
    invoke: send,
    emit: () => undefined,
    reject: () => undefined,
    logger: silent,
    tag: `[extsys mock host] ${extensionId}`,
    onCall(method, params) {
      mock.calls.push({ method: method as HostMethodName, params });
      if (method === 'requestToken') mock.tokenRequests.push(params as TokenRequest);
    },
    onRefused: (method, answer) => void mock.refused.push({ method, error: answer.error }),
  });

  const fragment = encodeMountFragment({
    nonce,
    parentOrigin: options.parentOrigin ?? 'https://host.test',
    protocol: range.max,
    mode: initialTheme.mode,
  });

  async function handle(method: string, raw: unknown): Promise<Answer | Reply<Answer>> {
    if (mock.latencyMs > 0) await sleep(mock.latencyMs);
    const answer = await session.call(method, raw);
    return answer.transfer ? new Reply(answer.result, { transferables: answer.transfer }) : answer.result;
  }
  const table: Record<string, (raw: unknown) => Promise<Answer | Reply<Answer>>> = {};
  for (const method of Object.keys(HOST_METHODS) as HostMethodName[]) table[method] = (raw) => handle(method, raw);

  const transport: MockTransport = {
    fragment,
    createMessenger() {
      if (down) return deadMessenger();
      // A new channel is a new page as far as the host knows: calls wait for its hello.
      session.restart('the extension opened a new channel');
      const pair = createMessengerPair();
      // Port calls (`{xc, m, a}`, how the SDK calls its host) are answered with `{xr, r}`, as the real
      // host does; penpal only sees its own messages.
      const portCall = async (call: { xc: number; m: string; a: unknown }) => {
        const answer = await handle(call.m, call.a);
        const [value, transfer] = answer instanceof Reply ? [answer.value, answer.transferables] : [answer, undefined];
        try {
          pair.host.sendMessage({ xr: call.xc, r: value } as unknown as Message, transfer);
        } catch {
          // the bridge closed meanwhile
        }
      };
      const hostEnd: Messenger = {
        initialize: ({ validateReceivedMessage }) =>
          pair.host.initialize({
            validateReceivedMessage: (data: unknown): data is Message => {
              const call = data as { xc?: unknown; m?: unknown; a?: unknown };
              if (typeof call?.xc !== 'number' || typeof call.m !== 'string') return validateReceivedMessage(data);
              void portCall(call as { xc: number; m: string; a: unknown });
              return false;
            },
          }),
        sendMessage: (m, t) => pair.host.sendMessage(m, t),
        addMessageHandler: (h) => pair.host.addMessageHandler(h),
        removeMessageHandler: (h) => pair.host.removeMessageHandler(h),
        destroy: () => pair.host.destroy(),
      };
      const conn = penpalConnect<ExtensionRemote>({ messenger: hostEnd, methods: table, channel: BRIDGE_CHANNEL });
      connections.add(conn);
      conn.promise.then(
        (remote) => {
          active = { remote: remote as unknown as ExtensionRemote, conn };
        },
        () => connections.delete(conn),
      );
      return pair.extension;
    },
  };

  const records = mock;
  return {
    transport,
    fragment,
    get context() {
      return session.context;
    },
    get connected() {
      return active !== undefined;
    },
    get latencyMs() {
      return records.latencyMs;
    },
    set latencyMs(ms: number) {
      records.latencyMs = ms;
    },
    get tokenTtlMs() {
      return records.tokenTtlMs;
    },
    set tokenTtlMs(ms: number) {
      records.tokenTtlMs = ms;
    },
    calls: records.calls,
    refused: records.refused,
    toasts: records.toasts,
    confirms: records.confirms,
    links: records.links,
    titles: records.titles,
    navigations: records.navigations,
    heights: records.heights,
    tokenRequests: records.tokenRequests,
    apiRequests: records.apiRequests,
    apiCancels: records.apiCancels,
    modals: records.modals,
    get entry() {
      return session.entry;
    },
    viewState,
    get dirty() {
      return session.dirty;
    },
    get closedWith() {
      return records.closed?.result;
    },
    get dismissed() {
      return records.closed?.dismissed === true;
    },
    get closed() {
      return records.closed !== undefined;
    },
    setSubject: (subject) => session.setSubject(subject),
    setVisible: (visible) => session.setVisible(visible),
    requestUnmount: (reason = 'unmount', timeoutMs = options.unmountGraceMs ?? 1000) =>
      session.beforeUnmount(reason, timeoutMs),
    get currentToken() {
      return tokens.current;
    },
    isTokenValid: (token) => token !== undefined && token !== null && token === tokens.current,
    expireToken() {
      tokens.current = undefined;
    },
    pushToken: (ttlMs) => send('tokenChanged', tokens.mint(ttlMs)),
    setTheme(next) {
      const theme = toTheme(next);
      try {
        session.replay.setTheme(theme); // replayed on the next hello
      } catch {
        // a malformed theme on purpose: sent as is, not kept
      }
      return send('themeChanged', theme);
    },
    setContext(change) {
      try {
        session.replay.setContext(change); // replayed on the next hello
      } catch {
        // a malformed change on purpose: sent as is, not kept
      }
      return send('contextChanged', change);
    },
    navigate(next) {
      try {
        session.replay.hostNavigated(next);
      } catch {
        // a malformed path on purpose: sent as is, not kept
      }
      return send('navigate', { path: next });
    },
    setConnectionState: (state, reason) =>
      send('connectionState', reason === undefined ? { state } : { state, reason }),
    disconnect(reason = 'the mock host disconnected') {
      down = true;
      const closing = active;
      active = undefined;
      if (!closing) return;
      void closing.remote.connectionState({ state: 'lost', reason }).catch(() => undefined);
      setTimeout(() => closing.conn.destroy(), 0);
    },
    restore() {
      down = false;
    },
    send,
    destroy() {
      down = true;
      const closing = active;
      active = undefined;
      // Says "destroyed" first, so the SDK does not try to reconnect to a host that is gone.
      void closing?.remote
        .connectionState({ state: 'destroyed', reason: 'the mock host was destroyed' })
        .catch(() => undefined);
      setTimeout(() => {
        for (const conn of connections) conn.destroy();
        connections.clear();
      }, 0);
    },
  };
}
