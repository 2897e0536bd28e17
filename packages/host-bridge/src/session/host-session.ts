import type { ConnectionState, ContextChange, HostContext, HostSubject, SdkFeature } from '@extsys/protocol/bridge';
import { SUPPORTED_RANGE } from '@extsys/protocol/host-methods';
import { errorEnvelope } from '@extsys/protocol/errors';
import { HostBridgeError, asHostBridgeError } from '../errors.js';
import type { ConnectedInfo, HostSession, HostSessionOptions } from './session-types.js';
import { buildContext, fieldsFor, hasSurfaces } from './context.js';
import { createEntryState } from './entry-state.js';
import { createExtensionCalls } from './extension-calls.js';
import { checkHello } from './hello-verification.js';
import { createDispatcher, fail, ok, type Result } from './method-dispatch.js';
import { createLifecycle } from './lifecycle.js';
import { createReadiness } from './readiness.js';
import { createReplayState } from './state-replay.js';
import { createSurfaceMethods } from './surface-methods.js';
import { createTokenSchedule } from './token-schedule.js';
import { createMemoryViewStateStore } from './view-state.js';

export type { ConnectedInfo, HostSession, HostSessionOptions, SessionEvents } from './session-types.js';

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

  const { promise: ready, resolve: resolveReady, reject: rejectReady } = createReadiness<ConnectedInfo>();
  const setState = (next: ConnectionState, reason?: string) => {
    if (state === next || state === 'destroyed') return;
    state = next;
    emit('state', reason === undefined ? { state: next } : { state: next, reason });
  };
  const reportError = (error: HostBridgeError) => emit('error', error);
  const announced = (feature: SdkFeature) => accepted && sdkFeatures.includes(feature);
  // The 1.2 pushes also need 1.2 negotiated (an SDK may announce more than the host's range has).
  const announced12 = (feature: SdkFeature) =>
    announced(feature) && context !== undefined && hasSurfaces(context.protocol);
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
  const { installId } = template.extension;
  const entryState = createEntryState({ entry: options.entry, visible: options.visible });
  const lifecycle = createLifecycle({
    calls,
    pushable: () => announced12('lifecycle'),
    onDirty: (dirty) => emit('dirty', dirty),
    reportError,
  });
  const surfaces = createSurfaceMethods({
    entry: entryState,
    lifecycle,
    effects: options.effects,
    maxModalDepth: options.maxModalDepth ?? 1,
    viewState: {
      store: options.viewState ?? createMemoryViewStateStore(),
      key: { extensionId: template.extension.id, installId, entryPoint: entryState.entry.id },
      logger,
      tag,
    },
  });
  // Keeps the context of the last hello in step with what the host changed (a 1.2 context only).
  const refreshEntry = () => {
    if (context && hasSurfaces(context.protocol))
      context = { ...context, entry: entryState.entry, visible: entryState.visible };
  };
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
        entry: entryState.entry,
        visible: entryState.visible,
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
    // A new hello is a new page: whatever the old one had not saved is gone with it.
    lifecycle.reset();
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
    surfaces,
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
    get entry() {
      return entryState.entry;
    },
    get visible() {
      return entryState.visible;
    },
    get dirty() {
      return lifecycle.dirty;
    },
    setSubject(subject) {
      let kept: HostSubject;
      try {
        if (destroyed) throw destroyedError('setSubject');
        kept = entryState.setSubject(subject);
      } catch (error) {
        return Promise.reject(asHostBridgeError(error, 'validation_failed', 'setSubject'));
      }
      refreshEntry();
      if (!announced12('entry')) return Promise.resolve();
      return calls.call('subjectChanged', { subject: kept });
    },
    setVisible(visible) {
      try {
        if (destroyed) throw destroyedError('setVisible');
        if (!entryState.setVisible(visible)) return Promise.resolve();
      } catch (error) {
        return Promise.reject(asHostBridgeError(error, 'validation_failed', 'setVisible'));
      }
      refreshEntry();
      if (!announced12('lifecycle')) return Promise.resolve();
      return calls.call('visibilityChanged', { visible: entryState.visible });
    },
    beforeUnmount: (reason, timeoutMs) => (destroyed ? Promise.resolve() : lifecycle.beforeUnmount(reason, timeoutMs)),
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
