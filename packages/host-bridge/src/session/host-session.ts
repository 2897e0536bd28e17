import type {
  ConnectionState,
  ContextChange,
  HostContext,
  HostFeature,
  SdkFeature,
  Theme,
} from '@extsys/protocol/bridge';
import { SUPPORTED_RANGE, type ProtocolRange } from '@extsys/protocol/host-methods';
import { errorEnvelope } from '@extsys/protocol/errors';
import { HostBridgeError, asHostBridgeError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { MessageRejectedEvent, RejectReason } from '../message-guard.js';
import { buildContext, fieldsFor, type ContextFields, type ContextTemplate } from './context.js';
import { createExtensionCalls, type InvokeExtension } from './extension-calls.js';
import { checkHello } from './hello-verification.js';
import { createDispatcher, fail, ok, type HostAnswer, type HostEffects, type Result } from './method-dispatch.js';
import { createReplayState, type ReplayState } from './state-replay.js';
import { createTokenSchedule, type TokenSource } from './token-schedule.js';

export interface ConnectedInfo {
  protocol: string;
  sdkVersion: string;
  sdkFeatures: readonly SdkFeature[];
  hostFeatures: readonly HostFeature[];
  /** True when this hello came from a reloaded page (the state was replayed). */
  reconnected: boolean;
}

/** What a session reports (the bridge handle's events, less the transport's own). */
export interface SessionEvents {
  state: { state: ConnectionState; reason?: string };
  error: HostBridgeError;
  'message-rejected': MessageRejectedEvent;
  connected: ConnectedInfo;
}

export interface HostSessionOptions {
  /** The mount's nonce: a hello must present it. */
  nonce: string;
  /** The protocol range this host speaks; default this package's. */
  protocol?: ProtocolRange;
  /** The fixed part of the context; its `hostFeatures` are the grants the method table enforces. */
  template: ContextTemplate;
  theme: Theme;
  /** The initial locale, direction and time zone (`setContext()` changes them). */
  fields: ContextFields;
  initialPath: string;
  tokens: TokenSource;
  effects: HostEffects;
  /** Delivers a host → extension call (the transport's deadline included). */
  invoke: InvokeExtension;
  emit: <K extends keyof SessionEvents>(type: K, payload: SessionEvents[K]) => void;
  reject: (reason: RejectReason, message: string, method?: string) => void;
  logger: Logger;
  tag: string;
  /** When set, `ready` rejects with `handshake_timeout` after this long without a hello. */
  handshakeTimeoutMs?: number;
  /** A call that passed the hello and its schema (the mock host records them). */
  onCall?: (method: string, params: unknown) => void;
  /** Every refusal the session answers with (the mock host records them). */
  onRefused?: (method: string, error: Result & { ok: false }) => void;
}

/**
 * One mounted extension, host side, without any transport: the transport hands it the
 * extension's calls (`call`) and delivers what it sends (`options.invoke`).
 */
export interface HostSession {
  readonly ready: Promise<ConnectedInfo>;
  readonly state: ConnectionState;
  /** A hello was accepted and the connection has not gone since. */
  readonly accepted: boolean;
  readonly destroyed: boolean;
  /** The context of the last accepted hello, with the context changes pushed since. */
  readonly context: HostContext | undefined;
  /** Theme, context fields and path, replayed on every hello. */
  readonly replay: ReplayState;
  /** An extension → host call, answered (never throws). */
  call(method: string, argument: unknown): Promise<HostAnswer>;
  /** The extension's page started a new connection (a reload): calls stop until its hello. */
  restart(reason: string): void;
  /** The extension's page closed its side: calls stop until a new hello. */
  lose(reason: string): void;
  setTheme(theme: Theme): Promise<void>;
  /** Changes locale, direction or time zone: pushed (`contextChanged`) when the SDK takes it, replayed on every hello. */
  setContext(change: ContextChange): Promise<void>;
  navigate(path: string): Promise<void>;
  refreshToken(): Promise<void>;
  /** Rejects everything in flight and stops the timers; `beforeState` runs before `destroyed` is emitted. */
  destroy(beforeState?: () => void): void;
}

export function createHostSession(options: HostSessionOptions): HostSession {
  const { logger, tag, template, emit } = options;
  const granted = template.hostFeatures;
  const replay = createReplayState({ theme: options.theme, path: options.initialPath, fields: options.fields });
  let state: ConnectionState = 'connecting';
  let destroyed = false;
  let accepted = false;
  let everConnected = false;
  let helloGeneration = 0;
  let sdkFeatures: readonly SdkFeature[] = [];
  let context: HostContext | undefined;

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

  const setState = (next: ConnectionState, reason?: string) => {
    if (state === next || state === 'destroyed') return;
    state = next;
    emit('state', reason === undefined ? { state: next } : { state: next, reason });
  };
  const reportError = (error: HostBridgeError) => emit('error', error);
  const announced = (feature: SdkFeature) => accepted && sdkFeatures.includes(feature);
  const destroyedError = (what: string) =>
    new HostBridgeError('connection_destroyed', `${what}: the bridge was destroyed`);
  const gone = () => new HostBridgeError('connection_destroyed', 'the bridge was destroyed');

  const calls = createExtensionCalls({
    invoke: options.invoke,
    blocked: (method) =>
      destroyed
        ? destroyedError(method)
        : accepted
          ? undefined
          : new HostBridgeError('connection_lost', `${method}: the extension is not connected`),
  });
  const tokens = createTokenSchedule({
    source: options.tokens,
    calls,
    pushable: () => announced('token'),
    reportError,
  });

  function lose(next: 'reconnecting' | 'lost', reason: string) {
    if (destroyed) return;
    accepted = false;
    tokens.pause();
    calls.rejectAll(new HostBridgeError('connection_lost', reason));
    if (everConnected || next === 'lost') setState(next, reason);
  }

  async function hello(argument: unknown): Promise<Result> {
    if (destroyed) return fail(gone());
    const check = checkHello(argument, options.nonce, options.protocol ?? SUPPORTED_RANGE);
    if (!check.ok) {
      if (check.kind === 'wrong-nonce') options.reject('wrong-nonce', check.error.message, 'hello');
      else if (check.kind === 'invalid') options.reject('invalid', check.error.message, 'hello');
      else {
        options.onCall?.('hello', argument);
        logger.error(`${tag}: ${check.error.message}`);
        accepted = false;
        setState('failed', check.error.message);
        reportError(check.error);
        rejectReady(check.error);
      }
      return fail(check.error);
    }
    options.onCall?.('hello', check.hello);
    const generation = ++helloGeneration;
    let auth;
    try {
      auth = await tokens.forHello();
    } catch (error) {
      reportError(asHostBridgeError(error, 'unauthenticated', 'getToken() failed'));
      const envelope = errorEnvelope('unauthenticated', 'the host could not provide a token', { retriable: true });
      return { ok: false, error: envelope };
    }
    if (destroyed) return fail(gone());
    if (generation !== helloGeneration) {
      return fail(new HostBridgeError('handshake_failed', 'a newer hello replaced this one'));
    }
    try {
      const live = {
        protocol: check.version,
        auth,
        initialPath: replay.path,
        theme: replay.theme,
        fields: replay.fields,
      };
      context = buildContext(template, live);
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
    emit('connected', info);
    tokens.arm();
    return ok(context);
  }

  const dispatch = createDispatcher({
    granted,
    gateway: template.gateway,
    maxApiBodyBytes: template.limits.maxApiBodyBytes,
    effects: options.effects,
    hello,
    requestToken: (request) => tokens.answerRequest(request),
    navigated: (path) => replay.extensionNavigated(path),
    destroyed: () => destroyed,
    accepted: () => accepted,
    reject: options.reject,
    ...(options.onCall ? { onCall: options.onCall } : {}),
    logger,
    tag,
  });

  const timeoutMs = options.handshakeTimeoutMs;
  const handshakeTimer =
    timeoutMs === undefined
      ? undefined
      : setTimeout(() => {
          if (accepted || destroyed) return;
          const error = new HostBridgeError(
            'handshake_timeout',
            `the extension did not complete the handshake within ${timeoutMs} ms (still listening)`,
          );
          logger.warn(`${tag}: ${error.message}`);
          reportError(error);
          rejectReady(error);
        }, timeoutMs);

  return {
    ready,
    get state() {
      return state;
    },
    get accepted() {
      return accepted;
    },
    get destroyed() {
      return destroyed;
    },
    get context() {
      return context;
    },
    replay,
    async call(method, argument) {
      const answer = await dispatch(method, argument);
      if (!answer.result.ok) options.onRefused?.(method, answer.result);
      return answer;
    },
    restart(reason) {
      if (accepted || state === 'lost' || state === 'failed') lose('reconnecting', reason);
    },
    lose: (reason) => lose('lost', reason),
    setTheme(theme) {
      try {
        if (destroyed) throw destroyedError('setTheme');
        replay.setTheme(theme);
      } catch (error) {
        return Promise.reject(asHostBridgeError(error, 'validation_failed', 'setTheme'));
      }
      if (!announced('theme')) return Promise.resolve();
      return calls.call('themeChanged', replay.theme);
    },
    setContext(change) {
      let changed: ContextChange | undefined;
      try {
        if (destroyed) throw destroyedError('setContext');
        changed = replay.setContext(change);
      } catch (error) {
        return Promise.reject(asHostBridgeError(error, 'validation_failed', 'setContext'));
      }
      if (!changed || !context) return Promise.resolve();
      const sent = fieldsFor(context.protocol, changed);
      context = { ...context, ...sent };
      if (!announced('context') || Object.keys(sent).length === 0) return Promise.resolve();
      return calls.call('contextChanged', sent);
    },
    navigate(path) {
      try {
        if (destroyed) throw destroyedError('navigate');
        if (!replay.hostNavigated(path)) return Promise.resolve();
      } catch (error) {
        return Promise.reject(asHostBridgeError(error, 'path_invalid', 'navigate'));
      }
      if (!announced('navigate')) return Promise.resolve();
      return calls.call('navigate', { path: replay.path });
    },
    async refreshToken() {
      if (destroyed) throw destroyedError('refreshToken');
      await tokens.renewAndPush();
    },
    destroy(beforeState) {
      if (destroyed) return;
      destroyed = true;
      accepted = false;
      const error = gone();
      clearTimeout(handshakeTimer);
      tokens.dispose();
      calls.rejectAll(error);
      rejectReady(error);
      beforeState?.();
      state = 'destroyed';
      emit('state', { state: 'destroyed' });
    },
  };
}
