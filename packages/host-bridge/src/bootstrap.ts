import type * as z from 'zod/mini';
import { CallOptions, PenpalError, Reply, WindowMessenger, connect, type Message, type RemoteProxy } from 'penpal';
import {
  BRIDGE_CHANNEL,
  BRIDGE_LIMITS,
  EXTENSION_METHODS,
  RoutePath,
  Theme,
  bridgeResult,
  type ConnectionState,
  type ExtensionMethodName,
  type HostFeature,
  type MethodParams,
  type PortCall,
  type SdkFeature,
  type TokenGrant,
} from '@extsys/protocol/bridge';
import {
  ConfirmResult,
  HOST_METHODS,
  type ApiRequest,
  type HostMethodName,
  type NavigateRequest,
  type OpenLinkRequest,
  type ResizeRequest,
  type SetTitleRequest,
  type ToastRequest,
  type TokenRequest,
  type ConfirmRequest,
  type ApiCancel,
} from '@extsys/protocol/host-methods';
import { ManifestUi } from '@extsys/protocol/manifest';
import { errorEnvelope, parseOrError, type ErrorEnvelope } from '@extsys/protocol/errors';
import { createApiTransport } from './api-transport.js';
import { HostBridgeError, asHostBridgeError } from './errors.js';
import { createEmitter } from './events.js';
import { buildContext, checkHello, checkTemplate, type ContextTemplate } from './handshake.js';
import {
  checkLink,
  grantedFeatures,
  openLinkDefault,
  requireFeature,
  type HostServices,
  type LinkAllowlist,
} from './host-services.js';
import { consoleLogger, type Logger } from './logger.js';
import {
  GuardedMessenger,
  createStats,
  estimateSize,
  watchWindow,
  type MessageRejectedEvent,
  type RejectReason,
  type RejectionStats,
} from './message-guard.js';
import { DEFAULT_RESIZE_LIMITS, createResizer, type ResizeApplied, type ResizeLimits } from './resize.js';
import { claimSameOrigin } from './origin-claims.js';
import { parseSandboxAttribute, sandboxFor, type HostSandboxPolicy } from './sandbox.js';
import { createTokenManager, type GetToken } from './token-refresh.js';

export interface BridgeLimits extends ResizeLimits {
  /** Deadline of host → extension calls (theme, token, navigate); default 15 s. */
  callTimeoutMs: number;
  /** How long `ready` waits for a hello before rejecting with `handshake_timeout`; default 10 s. */
  handshakeTimeoutMs: number;
  /** Bridge API transport body cap (request and response); default 1 MiB. */
  maxApiBodyBytes: number;
  /** Incoming messages estimated above this are dropped; default 2 MiB (may only be lowered). */
  maxMessageBytes: number;
}

export interface BootstrapOptions {
  /** The extension's iframe, attached to the document, `src` from `buildExtUiSrc()`. */
  iframe: HTMLIFrameElement;
  extension: {
    id: string;
    installId: string;
    version: string;
    contentHash: string;
    /** The iframe's accessible name and the context's title (the manifest's display name). */
    title: string;
    /** The manifest's `ui` section: initial height, sandbox and host features it asks for. */
    ui?: unknown;
  };
  /** The nonce `buildExtUiSrc()` returned for this mount. */
  nonce: string;
  /** Origin serving the extension page; default: the origin of `iframe.src` (must match when given). */
  runnerOrigin?: string;
  theme: Theme;
  getToken: GetToken;
  gateway: { baseUrl: string; transport: 'direct' | 'bridge' };
  /** Host UI features this host grants the extension (intersected with the manifest's request). */
  hostFeatures?: readonly HostFeature[];
  tenant: { id: string; displayName: string };
  /** BCP 47 tag; default `navigator.language` or `en`. */
  locale?: string;
  direction?: 'ltr' | 'rtl';
  /** Default `/`. */
  initialPath?: string;
  onNavigate?: (path: string, options: { replace: boolean }) => void;
  onResize?: (height: number) => void;
  services?: HostServices;
  linkAllowlist?: LinkAllowlist;
  limits?: Partial<BridgeLimits>;
  /**
   * Used to write the `sandbox` attribute when the iframe has none; and an existing attribute with
   * `allow-same-origin` is accepted only with `sameOrigin` + the `extensionOrigin` the page is on.
   */
  sandboxPolicy?: HostSandboxPolicy;
  logger?: Logger;
  /** The fetch used by the bridge API transport; default `globalThis.fetch`. */
  fetch?: typeof fetch;
}

export interface ConnectedInfo {
  protocol: string;
  sdkVersion: string;
  sdkFeatures: readonly SdkFeature[];
  hostFeatures: readonly HostFeature[];
  /** True when this hello came from a reloaded page (the state was replayed). */
  reconnected: boolean;
}

export interface BridgeEvents extends Record<string, unknown> {
  state: { state: ConnectionState; reason?: string };
  navigate: { path: string; replace: boolean };
  resize: ResizeApplied;
  error: HostBridgeError;
  'message-rejected': MessageRejectedEvent;
  connected: ConnectedInfo;
}

export interface BridgeHandle {
  /** Resolves at the first successful hello; rejects on an incompatible SDK, the handshake deadline or destroy. */
  readonly ready: Promise<ConnectedInfo>;
  readonly state: ConnectionState;
  on<K extends keyof BridgeEvents>(type: K, listener: (payload: BridgeEvents[K]) => void): () => void;
  /** Replaces the theme; pushed now when connected, replayed on reconnect. */
  setTheme(theme: Theme): Promise<void>;
  /** Moves the extension to `path` (the host's router moved); replayed on reconnect. */
  navigate(path: string): Promise<void>;
  /** Fetches a fresh token now and pushes it. */
  refreshToken(): Promise<void>;
  /** Disconnects, removes every listener, timer and observer, rejects everything in flight. */
  destroy(): void;
  /** Counters of rejected messages, by reason (a snapshot). */
  readonly stats: RejectionStats;
}

type ExtensionRemote = RemoteProxy<{
  [K in ExtensionMethodName]: (params: MethodParams<typeof EXTENSION_METHODS, K>) => unknown;
}>;

type Result = { ok: true; value: unknown } | { ok: false; error: ErrorEnvelope };

// The answer schema of each extension method, built once (not per push).
const answerSchemas = new Map<ExtensionMethodName, z.ZodMiniType<Result>>();
function extensionResult(method: ExtensionMethodName): z.ZodMiniType<Result> {
  let schema = answerSchemas.get(method);
  if (!schema)
    answerSchemas.set(method, (schema = bridgeResult(EXTENSION_METHODS[method].result) as z.ZodMiniType<Result>));
  return schema;
}
const ok = (value: unknown): Result => ({ ok: true, value });
const fail = (error: HostBridgeError): Result => ({ ok: false, error: error.toEnvelope() });

function resolveLimits(given: Partial<BridgeLimits> | undefined): BridgeLimits {
  const limits: BridgeLimits = {
    ...DEFAULT_RESIZE_LIMITS,
    callTimeoutMs: BRIDGE_LIMITS.callTimeoutMs,
    handshakeTimeoutMs: BRIDGE_LIMITS.handshakeTimeoutMs,
    maxApiBodyBytes: BRIDGE_LIMITS.maxApiBodyBytes,
    maxMessageBytes: BRIDGE_LIMITS.maxMessageBytes,
  };
  for (const [key, value] of Object.entries(given ?? {}) as [keyof BridgeLimits, unknown][]) {
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new HostBridgeError('bad_request', `limits.${key} must be a non-negative number`);
    }
    limits[key] = value;
  }
  if (limits.minHeight > limits.maxHeight)
    throw new HostBridgeError('bad_request', 'limits.minHeight is above limits.maxHeight');
  limits.maxMessageBytes = Math.min(limits.maxMessageBytes, BRIDGE_LIMITS.maxMessageBytes);
  limits.maxApiBodyBytes = Math.min(limits.maxApiBodyBytes, BRIDGE_LIMITS.maxApiBodyBytes);
  if (limits.callTimeoutMs < 1) throw new HostBridgeError('bad_request', 'limits.callTimeoutMs must be at least 1');
  return limits;
}

function penpalToBridgeError(error: unknown, method: string): HostBridgeError {
  if (error instanceof HostBridgeError) return error;
  if (error instanceof PenpalError) {
    if (error.code === 'METHOD_CALL_TIMEOUT')
      return new HostBridgeError('timeout', `${method}: the extension did not answer in time`);
    if (error.code === 'CONNECTION_DESTROYED')
      return new HostBridgeError('connection_destroyed', `${method}: the bridge was destroyed`);
  }
  return new HostBridgeError(
    'connection_lost',
    `${method}: the call could not be delivered (${String((error as Error)?.message ?? error)})`,
  );
}

/**
 * Connects a host page to an extension iframe: sandbox attributes, the nonce-checked handshake,
 * version negotiation, context, theme / token / path push and replay, resize, host services, the
 * bridge API transport, and the validation of every incoming message.
 */
export function bootstrapIframe(options: BootstrapOptions): BridgeHandle {
  const logger = options.logger ?? consoleLogger;
  const { iframe, extension, nonce } = options;
  const tag = `[extsys host-bridge] ${String(extension?.id)}`;
  if (!iframe || typeof iframe !== 'object' || iframe.tagName !== 'IFRAME') {
    throw new HostBridgeError('bad_request', 'bootstrapIframe: options.iframe must be an <iframe> element');
  }
  if (!iframe.contentWindow) {
    throw new HostBridgeError(
      'bad_request',
      'bootstrapIframe: attach the iframe to the document before bootstrapping it',
    );
  }
  if (typeof options.getToken !== 'function')
    throw new HostBridgeError('bad_request', 'bootstrapIframe: getToken must be a function');
  const limits = resolveLimits(options.limits);
  const uiParsed = parseOrError(ManifestUi, extension.ui ?? { type: 'iframe', entry: 'ui/index.html' }, {
    code: 'manifest_invalid',
    label: 'extension.ui',
  });
  if (!uiParsed.ok) throw HostBridgeError.fromEnvelope(uiParsed.error);
  const ui = uiParsed.value;
  const hostOrigin = globalThis.location.origin;

  // Iframe attributes: sandbox (validated, or derived from the policy), referrer policy, title.
  // Everything is checked before the element is touched.
  const srcAttr = iframe.getAttribute('src');
  const srcOrigin = srcAttr ? new URL(srcAttr, iframe.ownerDocument.baseURI).origin : undefined;
  if (options.runnerOrigin !== undefined && srcOrigin !== undefined && options.runnerOrigin !== srcOrigin) {
    throw new HostBridgeError(
      'bad_request',
      `bootstrapIframe: the iframe src is on ${srcOrigin} but runnerOrigin is ${options.runnerOrigin}`,
    );
  }
  const runnerOrigin = options.runnerOrigin ?? srcOrigin ?? hostOrigin;
  const existingSandbox = iframe.getAttribute('sandbox');
  const tokens: readonly string[] =
    existingSandbox === null
      ? sandboxFor(ui, options.sandboxPolicy, { name: extension.id, displayName: extension.title }).tokens
      : parseSandboxAttribute(existingSandbox);
  if (!tokens.includes('allow-scripts')) {
    throw new HostBridgeError(
      'bad_request',
      'bootstrapIframe: the iframe sandbox lacks allow-scripts; the SDK cannot run',
    );
  }
  const sameOrigin = tokens.includes('allow-same-origin');
  if (sameOrigin) {
    claimSameOrigin({
      policy: options.sandboxPolicy,
      frameOrigin: runnerOrigin,
      hostOrigin,
      extensionId: extension.id,
    });
  }

  // Fixed context, validated now so a misconfigured host fails at mount, not at hello.
  const services = options.services ?? {};
  const granted = grantedFeatures({
    hostFeatures: options.hostFeatures ?? [],
    // Without the manifest's ui section the host's grant stands alone.
    requested: extension.ui === undefined ? undefined : ui.hostFeatures,
    services,
    hasNavigate: typeof options.onNavigate === 'function',
    warn: (m) => logger.warn(m),
  });
  const template: ContextTemplate = {
    extension: {
      id: extension.id,
      installId: extension.installId,
      version: extension.version,
      contentHash: extension.contentHash,
      title: extension.title,
    },
    tenant: options.tenant,
    gateway: options.gateway,
    locale: options.locale ?? globalThis.navigator?.language ?? 'en',
    direction: options.direction ?? 'ltr',
    hostFeatures: granted,
    limits: { maxApiBodyBytes: limits.maxApiBodyBytes, callTimeoutMs: limits.callTimeoutMs },
  };
  let currentTheme = parseTheme(options.theme);
  let currentPath = parsePath(options.initialPath ?? '/');
  checkTemplate(template, currentTheme, currentPath);

  if (existingSandbox === null) {
    iframe.setAttribute('sandbox', tokens.join(' '));
    // A sandbox only applies from the next navigation: reload a page that is already there (or
    // already on its way). Re-setting the same `src` does not do it in Chromium (bench/bridge: the
    // page ran unsandboxed whether it had loaded yet or not; a same-URL + fragment src is no new
    // navigation). Re-inserting the element gives it a fresh browsing context, created with the
    // sandbox now on the element.
    if (srcAttr && iframe.isConnected && iframe.parentNode) iframe.parentNode.insertBefore(iframe, iframe.nextSibling);
  }
  // Read after the attributes are written: a navigation may give the element a new window.
  const frameWindow = iframe.contentWindow;
  if (!frameWindow) throw new HostBridgeError('bad_request', 'bootstrapIframe: the iframe has no window');
  if (!iframe.hasAttribute('referrerpolicy')) iframe.setAttribute('referrerpolicy', 'no-referrer');
  if (!iframe.hasAttribute('title')) iframe.setAttribute('title', extension.title);
  if (!iframe.hasAttribute('allow')) iframe.setAttribute('allow', '');

  // State.
  const emitter = createEmitter<BridgeEvents>(logger);
  const stats = createStats();
  const warned = new Set<RejectReason>();
  let state: ConnectionState = 'connecting';
  let destroyed = false;
  let accepted = false;
  let everConnected = false;
  let helloGeneration = 0;
  let sdkFeatures: readonly SdkFeature[] = [];
  let remote: ExtensionRemote | undefined;
  const inFlight = new Set<(error: HostBridgeError) => void>();

  let resolveReady!: (info: ConnectedInfo) => void;
  let rejectReady!: (error: HostBridgeError) => void;
  let readySettled = false;
  const ready = new Promise<ConnectedInfo>((resolve, reject) => {
    resolveReady = (info) => {
      if (!readySettled) resolve(info);
      readySettled = true;
    };
    rejectReady = (error) => {
      if (!readySettled) reject(error);
      readySettled = true;
    };
  });
  ready.catch(() => undefined); // reported through 'error' too; never an unhandled rejection

  function setState(next: ConnectionState, reason?: string) {
    if (state === next || state === 'destroyed') return;
    state = next;
    emitter.emit('state', reason === undefined ? { state: next } : { state: next, reason });
  }
  function reportError(error: HostBridgeError) {
    emitter.emit('error', error);
  }
  function reject(reason: RejectReason, message: string, method?: string) {
    stats.total++;
    stats.byReason[reason]++;
    if (!warned.has(reason)) {
      warned.add(reason);
      logger.warn(`${tag}: rejected a bridge message (${reason}): ${message}. Further ones are only counted.`);
    }
    emitter.emit('message-rejected', method === undefined ? { reason, message } : { reason, message, method });
  }

  const tokensManager = createTokenManager({ getToken: options.getToken, onError: reportError });
  const resizer = createResizer({
    limits,
    initialHeight: ui.initialHeight,
    apply: (height) => {
      iframe.style.height = `${height}px`;
    },
    onApplied: (event) => {
      options.onResize?.(event.height);
      emitter.emit('resize', event);
    },
    warn: (m) => logger.warn(`${tag}: ${m}`),
  });
  const api = createApiTransport({
    gatewayBaseUrl: options.gateway.baseUrl,
    extensionId: extension.id,
    maxBodyBytes: limits.maxApiBodyBytes,
    token: async (fresh) => (await tokensManager.get({ fresh })).token,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const linkAllowlist = options.linkAllowlist ?? [];

  // Host → extension calls: deadline, result validated, rejected on reload or destroy.
  function callExtension<K extends ExtensionMethodName>(method: K, params: MethodParams<typeof EXTENSION_METHODS, K>) {
    return new Promise<void>((resolve, rejectCall) => {
      if (destroyed)
        return rejectCall(new HostBridgeError('connection_destroyed', `${method}: the bridge was destroyed`));
      if (!remote || !accepted)
        return rejectCall(new HostBridgeError('connection_lost', `${method}: the extension is not connected`));
      const settle = (error: HostBridgeError) => {
        inFlight.delete(settle);
        rejectCall(error);
      };
      inFlight.add(settle);
      const call = remote[method] as (p: unknown, o: CallOptions) => Promise<unknown>;
      call(params, new CallOptions({ timeout: limits.callTimeoutMs })).then(
        (raw) => {
          if (!inFlight.delete(settle)) return;
          const parsed = extensionResult(method).safeParse(raw);
          if (!parsed.success)
            return rejectCall(new HostBridgeError('message_rejected', `${method}: malformed answer`));
          if (!parsed.data.ok) return rejectCall(HostBridgeError.fromEnvelope(parsed.data.error));
          resolve();
        },
        (error: unknown) => {
          if (inFlight.has(settle)) settle(penpalToBridgeError(error, method));
        },
      );
    });
  }
  function rejectInFlight(error: HostBridgeError) {
    for (const settle of [...inFlight]) settle(error);
  }

  function pushToken(grant: TokenGrant) {
    if (!accepted || !sdkFeatures.includes('token')) return;
    callExtension('tokenChanged', grant).catch((error: unknown) => {
      const failure = asHostBridgeError(error, 'connection_lost', 'tokenChanged');
      // A reload or destroy interrupting a push is expected: the next hello carries a token.
      if (failure.code !== 'connection_lost' && failure.code !== 'connection_destroyed') reportError(failure);
    });
  }
  function armTokenRefresh() {
    if (accepted && sdkFeatures.includes('token')) tokensManager.schedule(pushToken);
  }

  // The connection went away (reload or the page closed its side): calls stop until a new hello.
  function lose(next: 'reconnecting' | 'lost', reason: string) {
    if (destroyed) return;
    accepted = false;
    tokensManager.pause();
    rejectInFlight(new HostBridgeError('connection_lost', reason));
    if (everConnected || next === 'lost') setState(next, reason);
  }

  // Extension → host methods.
  type Handler = (args: never) => unknown;
  function method(name: HostMethodName, handler: Handler) {
    return async (argument: unknown): Promise<Result> => {
      if (destroyed) return fail(new HostBridgeError('connection_destroyed', 'the bridge was destroyed'));
      if (!accepted) {
        reject('before-hello', `${name} was called before a successful hello`, name);
        return fail(new HostBridgeError('handshake_failed', `${name}: call hello with this mount's nonce first`));
      }
      const schema = HOST_METHODS[name].params as z.ZodMiniType;
      const parsed = parseOrError(schema, argument, { code: 'message_rejected', label: name });
      if (!parsed.ok) {
        reject('invalid', parsed.error.message, name);
        return { ok: false, error: parsed.error };
      }
      try {
        return ok(await (handler as (args: unknown) => unknown)(parsed.value));
      } catch (error) {
        if (error instanceof HostBridgeError) return fail(error);
        logger.error(`${tag}: the host's ${name} handler failed`, error);
        return fail(new HostBridgeError('internal', `${name}: the host could not complete the request`));
      }
    };
  }

  async function hello(argument: unknown): Promise<Result> {
    if (destroyed) return fail(new HostBridgeError('connection_destroyed', 'the bridge was destroyed'));
    const check = checkHello(argument, nonce);
    if (!check.ok) {
      if (check.kind === 'wrong-nonce') reject('wrong-nonce', check.error.message, 'hello');
      else if (check.kind === 'invalid') reject('invalid', check.error.message, 'hello');
      else {
        logger.error(`${tag}: ${check.error.message}`);
        accepted = false;
        setState('failed', check.error.message);
        reportError(check.error);
        rejectReady(check.error);
      }
      return fail(check.error);
    }
    const generation = ++helloGeneration;
    let auth: TokenGrant;
    try {
      auth = await tokensManager.get({ minTtlMs: 0 });
    } catch (error) {
      const failure = asHostBridgeError(error, 'unauthenticated', 'getToken() failed');
      reportError(failure);
      return {
        ok: false,
        error: errorEnvelope('unauthenticated', 'the host could not provide a token', { retriable: true }),
      };
    }
    if (destroyed) return fail(new HostBridgeError('connection_destroyed', 'the bridge was destroyed'));
    if (generation !== helloGeneration) {
      return fail(new HostBridgeError('handshake_failed', 'a newer hello replaced this one'));
    }
    let context;
    try {
      context = buildContext(template, {
        protocol: check.version,
        auth,
        initialPath: currentPath,
        theme: currentTheme,
      });
    } catch (error) {
      const failure = asHostBridgeError(error, 'internal', 'context');
      logger.error(`${tag}: ${failure.message}`);
      reportError(failure);
      return fail(new HostBridgeError('internal', 'the host could not build the context'));
    }
    accepted = true;
    sdkFeatures = check.hello.features;
    const info: ConnectedInfo = {
      protocol: check.version,
      sdkVersion: check.hello.sdkVersion,
      sdkFeatures,
      hostFeatures: granted,
      reconnected: everConnected,
    };
    everConnected = true;
    clearTimeout(handshakeTimer);
    setState('connected');
    resolveReady(info);
    emitter.emit('connected', info);
    armTokenRefresh();
    return ok(context);
  }

  const methods = {
    hello,
    requestToken: method('requestToken', async (request: TokenRequest) => {
      const grant = await tokensManager.get({
        fresh: request.reason !== 'expiring',
        ...(request.minTtlMs !== undefined ? { minTtlMs: request.minTtlMs } : {}),
      });
      armTokenRefresh();
      return grant;
    }),
    navigate: method('navigate', (request: NavigateRequest) => {
      requireFeature(granted, 'navigate');
      currentPath = request.path;
      const replace = request.replace ?? false;
      options.onNavigate?.(request.path, { replace });
      emitter.emit('navigate', { path: request.path, replace });
      return null;
    }),
    resize: method('resize', (request: ResizeRequest) => {
      resizer.request(request.height);
      return null;
    }),
    toast: method('toast', async (request: ToastRequest) => {
      requireFeature(granted, 'toast');
      await services.toast?.({ ...request, extensionId: extension.id });
      return null;
    }),
    confirm: method('confirm', async (request: ConfirmRequest) => {
      requireFeature(granted, 'confirm');
      const answer = parseOrError(ConfirmResult, await services.confirm?.({ ...request, extensionId: extension.id }));
      if (!answer.ok) throw new HostBridgeError('internal', 'confirm: the host service gave no {confirmed} answer');
      return answer.value;
    }),
    openLink: method('openLink', async (request: OpenLinkRequest) => {
      requireFeature(granted, 'openLink');
      const url = checkLink(request.url, linkAllowlist);
      await (services.openLink ?? openLinkDefault)(url);
      return null;
    }),
    setTitle: method('setTitle', async (request: SetTitleRequest) => {
      requireFeature(granted, 'setTitle');
      await services.setTitle?.(request.title);
      return null;
    }),
    apiRequest: async (argument: unknown) => {
      const result = await method('apiRequest', async (request: ApiRequest) => {
        if (options.gateway.transport !== 'bridge') {
          throw new HostBridgeError('feature_not_granted', 'apiRequest: this host uses the direct API transport');
        }
        if (request.body && request.body.byteLength > limits.maxApiBodyBytes) {
          throw new HostBridgeError(
            'payload_too_large',
            `apiRequest: the body is above ${limits.maxApiBodyBytes} bytes`,
          );
        }
        return api.perform(request);
      })(argument);
      if (!result.ok) return result;
      const body = (result.value as { body: Uint8Array }).body;
      return new Reply(result, { transferables: [body.buffer as ArrayBuffer] });
    },
    apiCancel: method('apiCancel', (request: ApiCancel) => {
      api.cancel(request.id);
      return null;
    }),
  } satisfies Record<HostMethodName, (argument: unknown) => Promise<unknown>>;

  // The guard in front of penpal: shape, method, argument count and size, before any handler.
  function answer(callId: string, error: HostBridgeError) {
    queueMicrotask(() => {
      try {
        messenger.sendMessage({
          namespace: 'penpal',
          channel: BRIDGE_CHANNEL,
          type: 'REPLY',
          callId,
          value: fail(error),
        });
      } catch {
        // no port (yet): nothing to answer on
      }
    });
  }
  // Port calls ({xc, m, a}): the same methods, guards and validation as a penpal CALL, answered on
  // the port with {xr, r}.
  function replyPort(id: number, result: unknown, transferables?: Transferable[]) {
    try {
      messenger.sendMessage({ xr: id, r: result } as unknown as Message, transferables);
    } catch {
      // the port is gone (reload, destroy): nothing to answer on
    }
  }
  function portCall(call: PortCall) {
    if (destroyed) return;
    const name = call.m;
    if (!Object.hasOwn(HOST_METHODS, name)) {
      reject('unknown-method', `the host exposes no method "${name.slice(0, 64)}"`);
      return replyPort(call.xc, fail(new HostBridgeError('message_rejected', 'unknown bridge method')));
    }
    if (estimateSize(call.a, limits.maxMessageBytes) === Infinity) {
      reject('oversize', `${name}: the message is above ${limits.maxMessageBytes} bytes`, name);
      return replyPort(call.xc, fail(new HostBridgeError('message_rejected', `${name}: the message is too large`)));
    }
    void (methods[name as HostMethodName] as (argument: unknown) => Promise<unknown>)(call.a).then((answer) =>
      answer instanceof Reply ? replyPort(call.xc, answer.value, answer.transferables) : replyPort(call.xc, answer),
    );
  }

  const messenger = new GuardedMessenger(new WindowMessenger({ remoteWindow: frameWindow, allowedOrigins: ['*'] }), {
    malformed: (problem) => reject('malformed', problem),
    portCall,
    inspect: (message) => {
      if (destroyed) return false;
      if (message.type === 'DESTROY') {
        // The page closed its side (unload). Keep listening: a reloaded page says hello again.
        lose('lost', 'the extension page closed the connection');
        return false;
      }
      if (message.type === 'REPLY') {
        if (estimateSize(message.value, limits.maxMessageBytes) === Infinity) {
          reject('oversize', 'a reply from the extension is too large');
          return false;
        }
        return true;
      }
      if (message.type !== 'CALL') return true;
      const [name, ...rest] = message.methodPath;
      if (name === undefined || rest.length > 0 || !Object.hasOwn(HOST_METHODS, name)) {
        reject('unknown-method', `the host exposes no method "${message.methodPath.join('.').slice(0, 64)}"`);
        answer(message.id, new HostBridgeError('message_rejected', 'unknown bridge method'));
        return false;
      }
      if (message.args.length !== 1) {
        reject('malformed', `${name} takes exactly one argument`, name);
        answer(message.id, new HostBridgeError('message_rejected', `${name} takes exactly one argument`));
        return false;
      }
      if (estimateSize(message.args[0], limits.maxMessageBytes) === Infinity) {
        reject('oversize', `${name}: the message is above ${limits.maxMessageBytes} bytes`, name);
        answer(message.id, new HostBridgeError('message_rejected', `${name}: the message is too large`));
        return false;
      }
      return true;
    },
  });

  const unwatch = watchWindow({
    target: globalThis.window,
    frame: () => iframe.contentWindow,
    expectedOrigin: sameOrigin ? runnerOrigin : 'null',
    reject: (reason, message) => reject(reason, message),
    onSyn: () => {
      if (accepted || state === 'lost' || state === 'failed') lose('reconnecting', 'the extension page reloaded');
    },
  });

  const connection = connect<Record<ExtensionMethodName, (p: never) => unknown>>({
    messenger,
    methods,
    channel: BRIDGE_CHANNEL,
    ...(logger.debug ? { log: (...args: unknown[]) => logger.debug?.(`${tag} penpal`, ...args) } : {}),
  });
  connection.promise.then(
    (proxy) => {
      remote = proxy as unknown as ExtensionRemote;
    },
    (error: unknown) => {
      if (!destroyed) reportError(penpalToBridgeError(error, 'connect'));
    },
  );

  const handshakeTimer = setTimeout(() => {
    if (accepted || destroyed) return;
    const error = new HostBridgeError(
      'handshake_timeout',
      `the extension did not complete the handshake within ${limits.handshakeTimeoutMs} ms (still listening)`,
    );
    logger.warn(`${tag}: ${error.message}`);
    reportError(error);
    rejectReady(error);
  }, limits.handshakeTimeoutMs);

  function parseTheme(theme: unknown): Theme {
    const parsed = parseOrError(Theme, theme, { code: 'validation_failed', label: 'theme' });
    if (!parsed.ok) throw HostBridgeError.fromEnvelope(parsed.error);
    return parsed.value;
  }
  function parsePath(path: unknown): string {
    const parsed = parseOrError(RoutePath, path, { code: 'path_invalid', label: 'path' });
    if (!parsed.ok) throw HostBridgeError.fromEnvelope(parsed.error);
    return parsed.value;
  }

  return {
    ready,
    get state() {
      return state;
    },
    on: (type, listener) => emitter.on(type, listener),
    setTheme(theme) {
      try {
        if (destroyed) throw new HostBridgeError('connection_destroyed', 'setTheme: the bridge was destroyed');
        currentTheme = parseTheme(theme);
      } catch (error) {
        return Promise.reject(asHostBridgeError(error, 'validation_failed', 'setTheme'));
      }
      if (!accepted || !sdkFeatures.includes('theme')) return Promise.resolve();
      return callExtension('themeChanged', currentTheme);
    },
    navigate(path) {
      try {
        if (destroyed) throw new HostBridgeError('connection_destroyed', 'navigate: the bridge was destroyed');
        const next = parsePath(path);
        // The extension is already there (typically the host's router echoing an onNavigate):
        // pushing it back would start a navigation ping-pong.
        if (next === currentPath) return Promise.resolve();
        currentPath = next;
      } catch (error) {
        return Promise.reject(asHostBridgeError(error, 'path_invalid', 'navigate'));
      }
      if (!accepted || !sdkFeatures.includes('navigate')) return Promise.resolve();
      return callExtension('navigate', { path: currentPath });
    },
    async refreshToken() {
      if (destroyed) throw new HostBridgeError('connection_destroyed', 'refreshToken: the bridge was destroyed');
      const pending = tokensManager.renew();
      const settle = (error: HostBridgeError) => {
        inFlight.delete(settle);
        rejectWait(error);
      };
      let rejectWait!: (error: HostBridgeError) => void;
      const aborted = new Promise<never>((_, rejectPromise) => {
        rejectWait = rejectPromise;
      });
      inFlight.add(settle);
      let grant: TokenGrant;
      try {
        grant = await Promise.race([pending, aborted]);
      } finally {
        inFlight.delete(settle);
      }
      if (!accepted || !sdkFeatures.includes('token')) return;
      armTokenRefresh();
      await callExtension('tokenChanged', grant);
    },
    destroy() {
      if (destroyed) return;
      if (accepted && remote) {
        const call = remote.connectionState as (p: unknown) => Promise<unknown>;
        call({ state: 'destroyed' }).catch(() => undefined);
      }
      destroyed = true;
      accepted = false;
      const error = new HostBridgeError('connection_destroyed', 'the bridge was destroyed');
      clearTimeout(handshakeTimer);
      tokensManager.dispose();
      resizer.dispose();
      api.abortAll(error);
      unwatch();
      rejectInFlight(error);
      rejectReady(error);
      connection.destroy();
      state = 'destroyed';
      emitter.emit('state', { state: 'destroyed' });
      emitter.clear();
    },
    get stats() {
      return { total: stats.total, byReason: { ...stats.byReason } };
    },
  };
}
