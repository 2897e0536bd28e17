import { connect as penpalConnect, Reply, type Connection, type Message, type Messenger } from 'penpal';
import {
  BRIDGE_CHANNEL,
  BRIDGE_LIMITS,
  HOST_FEATURES,
  HostContext,
  type ConnectionState,
  type ExtensionMethodName,
  type HostFeature,
  type MountFragment,
  type Theme,
  type ThemeMode,
  type TokenGrant,
} from '@extsys/protocol/bridge';
import { encodeMountFragment } from '@extsys/protocol/bridge';
import { errorEnvelope, validationError, type ErrorEnvelope } from '@extsys/protocol/errors';
import {
  HOST_METHODS,
  SUPPORTED_RANGE,
  negotiateVersion,
  type ApiRequest,
  type ApiResponse,
  type ConfirmRequest,
  type HostMethodName,
  type ProtocolRange,
  type TokenRequest,
  type ToastRequest,
} from '@extsys/protocol/host-methods';
import { resolveTheme } from '@extsys/protocol/theme';
import type { Transport } from '../transport.js';
import { createMessengerPair } from './messenger-pair.js';

type Answer = { ok: true; value: unknown } | { ok: false; error: ErrorEnvelope };
type ExtensionRemote = { [M in ExtensionMethodName]: (params: unknown) => Promise<Answer> };

export interface MockApiResponse {
  status?: number;
  headers?: Record<string, string>;
  body?: Uint8Array | string;
  requestId?: string;
}

export interface MockHostOptions {
  extensionId?: string;
  /** A full theme or a mode (default tokens of that mode). Default: `light`. */
  theme?: Theme | ThemeMode;
  /** Lifetime of every token the mock mints (ms). Default 5 minutes. */
  tokenTtlMs?: number;
  /** Host UI services granted to the mount. Default: all of them. */
  hostFeatures?: HostFeature[];
  /** Which API transport the context announces. Default `direct`. */
  apiTransport?: 'direct' | 'bridge';
  gatewayBaseUrl?: string;
  initialPath?: string;
  /** The protocol range the mock host speaks (to test version negotiation). Default: this protocol's. */
  protocol?: ProtocolRange;
  /** Delay before the mock answers any call (ms). Settable later via `mockHost.latencyMs`. */
  latencyMs?: number;
  callTimeoutMs?: number;
  maxApiBodyBytes?: number;
  /** The user's answer to `confirm()`. Default true. */
  confirm?: boolean | ((request: ConfirmRequest) => boolean | Promise<boolean>);
  /**
   * Serves `apiRequest` (bridge transport). Default: performs the call like a real host would,
   * with the global fetch against `{gatewayBaseUrl}/api/ext/{id}{path}` and the current token
   * (so an msw handler serves both transports).
   */
  api?: (request: ApiRequest, signal: AbortSignal) => MockApiResponse | Promise<MockApiResponse>;
  nonce?: string;
  parentOrigin?: string;
}

export interface MockHostCall {
  method: HostMethodName;
  params: unknown;
}

export interface MockHost {
  /** Pass to `connect({transport})`. Every handshake (a reconnect too) gets a fresh in-process channel. */
  readonly transport: Transport;
  /** The mount fragment (`n=..&o=..&v=..&m=..`); set `location.hash` to it to test module-load behaviour. */
  readonly fragment: string;
  /** The last context the mock answered a hello with. */
  readonly context: HostContext | undefined;
  readonly connected: boolean;
  latencyMs: number;
  tokenTtlMs: number;
  /** What the SDK asked for, in order (after validation). */
  readonly calls: MockHostCall[];
  /** Calls the mock refused (bad params, wrong nonce, not granted, before hello...). */
  readonly refused: { method: string; error: ErrorEnvelope }[];
  readonly toasts: ToastRequest[];
  readonly confirms: ConfirmRequest[];
  readonly links: string[];
  readonly titles: string[];
  readonly navigations: { path: string; replace?: boolean }[];
  readonly heights: number[];
  readonly tokenRequests: TokenRequest[];
  readonly apiRequests: ApiRequest[];
  readonly apiCancels: string[];
  /** The token the mock would currently accept at the gateway. */
  readonly currentToken: string | undefined;
  /** Whether `token` is valid at the (mock) gateway: use it in an msw handler. */
  isTokenValid(token: string | null | undefined): boolean;
  /** The gateway starts refusing the current token (a 401 follows) without telling the SDK. */
  expireToken(): void;
  /** Mints a new token and pushes it (`tokenChanged`). */
  pushToken(ttlMs?: number): Promise<Answer>;
  setTheme(theme: Theme | ThemeMode): Promise<Answer>;
  /** The host's router moved: sends `navigate`. */
  navigate(path: string): Promise<Answer>;
  /** Sends `connectionState` without closing anything (the soft lost/connected path). */
  setConnectionState(state: ConnectionState, reason?: string): Promise<Answer>;
  /** Says `lost`, closes the bridge, and refuses handshakes until `restore()`. */
  disconnect(reason?: string): void;
  /** Accepts handshakes again: the SDK's next reconnect attempt succeeds (and state is replayed). */
  restore(): void;
  /** Calls an extension method with anything (malformed on purpose, for tests). */
  send(method: ExtensionMethodName, params: unknown): Promise<Answer>;
  destroy(): void;
}

const DEFAULT_NONCE = 'mock-nonce-0123456789abcdef';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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
 * An in-process host speaking the real bridge protocol (penpal + hello + the method tables), for
 * extension authors' unit tests. It validates every SDK call with `HOST_METHODS`, checks the
 * nonce and negotiates the version like a real host, and records what it was asked.
 */
export function createMockHost(options: MockHostOptions = {}): MockHost {
  const extensionId = options.extensionId ?? 'com.example.mock';
  const nonce = options.nonce ?? DEFAULT_NONCE;
  const range = options.protocol ?? SUPPORTED_RANGE;
  const hostFeatures = options.hostFeatures ?? [...HOST_FEATURES];
  const gatewayBaseUrl = options.gatewayBaseUrl ?? 'https://gateway.test';
  const toTheme = (theme: Theme | ThemeMode): Theme => (typeof theme === 'string' ? resolveTheme(theme) : theme);
  let theme = toTheme(options.theme ?? 'light');
  let path = options.initialPath ?? '/';
  let down = false;
  let tokenCounter = 0;
  let validToken: string | undefined;
  let context: HostContext | undefined;
  let active: { remote: ExtensionRemote; conn: Connection } | undefined;
  const connections = new Set<Connection>();
  const cancels = new Map<string, AbortController>();

  const fragmentFields: MountFragment = {
    nonce,
    parentOrigin: options.parentOrigin ?? 'https://host.test',
    protocol: range.max,
    mode: theme.mode,
  };
  const fragment = encodeMountFragment(fragmentFields);

  const mock = {
    latencyMs: options.latencyMs ?? 0,
    tokenTtlMs: options.tokenTtlMs ?? 5 * 60 * 1000,
    calls: [] as MockHostCall[],
    refused: [] as { method: string; error: ErrorEnvelope }[],
    toasts: [] as ToastRequest[],
    confirms: [] as ConfirmRequest[],
    links: [] as string[],
    titles: [] as string[],
    navigations: [] as { path: string; replace?: boolean }[],
    heights: [] as number[],
    tokenRequests: [] as TokenRequest[],
    apiRequests: [] as ApiRequest[],
    apiCancels: [] as string[],
  };

  const mint = (ttlMs = mock.tokenTtlMs): TokenGrant => {
    tokenCounter += 1;
    validToken = `mock.${tokenCounter}.${Math.random().toString(36).slice(2).padEnd(12, '0')}`;
    return { token: validToken, ttlMs };
  };

  const buildContext = (protocol: string): HostContext =>
    HostContext.parse({
      protocol,
      extension: {
        id: extensionId,
        installId: 'install-mock',
        version: '1.0.0',
        contentHash: `sha256:${'0'.repeat(64)}`,
        title: 'Mock extension',
      },
      tenant: { id: 'tenant-mock', displayName: 'Mock tenant' },
      theme,
      auth: mint(),
      gateway: { baseUrl: gatewayBaseUrl, transport: options.apiTransport ?? 'direct' },
      locale: 'en-GB',
      direction: 'ltr',
      initialPath: path,
      hostFeatures,
      limits: {
        maxApiBodyBytes: options.maxApiBodyBytes ?? BRIDGE_LIMITS.maxApiBodyBytes,
        callTimeoutMs: options.callTimeoutMs ?? BRIDGE_LIMITS.callTimeoutMs,
      },
    });

  const refuse = (method: string, error: ErrorEnvelope): Answer => {
    mock.refused.push({ method, error });
    return { ok: false, error };
  };
  const granted = (feature: HostFeature) => hostFeatures.includes(feature);
  const notGranted = (method: string, feature: HostFeature) =>
    refuse(method, errorEnvelope('feature_not_granted', `"${feature}" was not granted to ${extensionId}`));

  async function defaultApi(request: ApiRequest, signal: AbortSignal): Promise<MockApiResponse> {
    const response = await fetch(`${gatewayBaseUrl}/api/ext/${extensionId}${request.path}`, {
      method: request.method,
      headers: { ...request.headers, authorization: `Bearer ${validToken ?? ''}` },
      ...(request.body ? { body: request.body as BodyInit } : {}),
      signal,
    });
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => (headers[name] = value));
    return { status: response.status, headers, body: new Uint8Array(await response.arrayBuffer()) };
  }

  function hostMethods(session: { helloOk: boolean }) {
    const handle = async (method: HostMethodName, raw: unknown): Promise<Answer | Reply<Answer>> => {
      if (mock.latencyMs > 0) await sleep(mock.latencyMs);
      const parsed = HOST_METHODS[method].params.safeParse(raw, { reportInput: true });
      if (!parsed.success)
        return refuse(method, validationError(parsed.error, { code: 'message_rejected', label: method }));
      const params = parsed.data as never;
      if (method !== 'hello' && !session.helloOk) {
        return refuse(method, errorEnvelope('handshake_failed', 'call hello with the mount nonce first'));
      }
      mock.calls.push({ method, params });
      switch (method) {
        case 'hello': {
          const hello = params as { nonce: string; protocol: ProtocolRange };
          if (hello.nonce !== nonce) return refuse(method, errorEnvelope('handshake_failed', 'wrong mount nonce'));
          const negotiation = negotiateVersion(range, hello.protocol);
          if (!negotiation.ok) return refuse(method, errorEnvelope('protocol_incompatible', negotiation.reason));
          session.helloOk = true;
          context = buildContext(negotiation.version);
          return { ok: true, value: context };
        }
        case 'requestToken':
          mock.tokenRequests.push(params);
          return { ok: true, value: mint() };
        case 'navigate': {
          if (!granted('navigate')) return notGranted(method, 'navigate');
          const request = params as { path: string; replace?: boolean };
          mock.navigations.push(request);
          path = request.path;
          return { ok: true, value: null };
        }
        case 'resize':
          mock.heights.push((params as { height: number }).height);
          return { ok: true, value: null };
        case 'toast':
          if (!granted('toast')) return notGranted(method, 'toast');
          mock.toasts.push(params);
          return { ok: true, value: null };
        case 'confirm': {
          if (!granted('confirm')) return notGranted(method, 'confirm');
          mock.confirms.push(params);
          const answer = options.confirm ?? true;
          const confirmed = typeof answer === 'function' ? await answer(params) : answer;
          return { ok: true, value: { confirmed } };
        }
        case 'openLink':
          if (!granted('openLink')) return notGranted(method, 'openLink');
          mock.links.push((params as { url: string }).url);
          return { ok: true, value: null };
        case 'setTitle':
          if (!granted('setTitle')) return notGranted(method, 'setTitle');
          mock.titles.push((params as { title: string }).title);
          return { ok: true, value: null };
        case 'apiCancel': {
          const { id } = params as { id: string };
          mock.apiCancels.push(id);
          cancels.get(id)?.abort();
          return { ok: true, value: null };
        }
        case 'apiRequest': {
          const request = params as ApiRequest;
          mock.apiRequests.push(request);
          const controller = new AbortController();
          cancels.set(request.id, controller);
          try {
            const served = await (options.api ?? defaultApi)(request, controller.signal);
            const body =
              typeof served.body === 'string'
                ? new TextEncoder().encode(served.body)
                : (served.body ?? new Uint8Array());
            const value: ApiResponse = {
              status: served.status ?? 200,
              headers: served.headers ?? {},
              body,
              ...(served.requestId ? { requestId: served.requestId } : {}),
            };
            return new Reply({ ok: true, value }, { transferables: [body.buffer] });
          } catch (error) {
            return controller.signal.aborted
              ? refuse(method, errorEnvelope('aborted', 'the extension cancelled the call'))
              : refuse(method, errorEnvelope('bad_gateway', `the mock host's fetch failed: ${String(error)}`));
          } finally {
            cancels.delete(request.id);
          }
        }
      }
    };
    const table: Record<string, (raw: unknown) => Promise<Answer | Reply<Answer>>> = {};
    for (const method of Object.keys(HOST_METHODS) as HostMethodName[]) table[method] = (raw) => handle(method, raw);
    return table;
  }

  const transport: Transport = {
    fragment,
    createMessenger() {
      if (down) return deadMessenger();
      const pair = createMessengerPair();
      const session = { helloOk: false };
      const table = hostMethods(session);
      // Port calls (`{xc, m, a}`, how the SDK calls its host) are answered with `{xr, r}`, as the real
      // host does; penpal only sees its own messages.
      const portCall = async (call: { xc: number; m: string; a: unknown }) => {
        const handler = Object.hasOwn(table, call.m) ? table[call.m] : undefined;
        const answer = handler
          ? await handler(call.a)
          : refuse(call.m, errorEnvelope('message_rejected', `unknown bridge method "${call.m}"`));
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
      const conn = penpalConnect<ExtensionRemote>({
        messenger: hostEnd,
        methods: table,
        channel: BRIDGE_CHANNEL,
      });
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

  const send = async (method: ExtensionMethodName, params: unknown): Promise<Answer> => {
    if (!active) return { ok: false, error: errorEnvelope('connection_lost', 'no extension is connected') };
    return active.remote[method](params);
  };

  return {
    transport,
    fragment,
    get context() {
      return context;
    },
    get connected() {
      return active !== undefined;
    },
    get latencyMs() {
      return mock.latencyMs;
    },
    set latencyMs(ms: number) {
      mock.latencyMs = ms;
    },
    get tokenTtlMs() {
      return mock.tokenTtlMs;
    },
    set tokenTtlMs(ms: number) {
      mock.tokenTtlMs = ms;
    },
    get calls() {
      return mock.calls;
    },
    get refused() {
      return mock.refused;
    },
    get toasts() {
      return mock.toasts;
    },
    get confirms() {
      return mock.confirms;
    },
    get links() {
      return mock.links;
    },
    get titles() {
      return mock.titles;
    },
    get navigations() {
      return mock.navigations;
    },
    get heights() {
      return mock.heights;
    },
    get tokenRequests() {
      return mock.tokenRequests;
    },
    get apiRequests() {
      return mock.apiRequests;
    },
    get apiCancels() {
      return mock.apiCancels;
    },
    get currentToken() {
      return validToken;
    },
    isTokenValid: (token) => token !== undefined && token !== null && token === validToken,
    expireToken() {
      validToken = undefined;
    },
    pushToken: (ttlMs) => send('tokenChanged', mint(ttlMs)),
    setTheme(next) {
      theme = toTheme(next);
      return send('themeChanged', theme);
    },
    navigate(next) {
      path = next;
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
