import {
  BRIDGE_LIMITS,
  type ConnectionStateEvent,
  type ContextChange,
  type EntryContext,
  type ExtensionMethodName,
  type HostContext,
  type HostSubject,
  type Theme,
  type TokenGrant,
} from '@extsys/protocol/bridge';
import { createApiClient, type ApiClient } from './api.js';
import { createCaller } from './bridge.js';
import { PARAMS } from './generated/validators.js';
import { problemOf } from './validate.js';
import { ExtError } from './errors.js';
import { createEmitter, type Listener, type Unsubscribe } from './events.js';
import { originProblem, readMountFragment, rawFragment } from './fragment.js';
import { startHandshake, type Session } from './handshake.js';
import { createHostServices, notGrantedError, type HostServices } from './host-services.js';
import { createNavigation, type NavigationApi } from './navigation.js';
import { startAutoResize } from './resize.js';
import { applyColorScheme, createThemeStore, type ThemeApi } from './theme.js';
import { createTokenStore, type AuthApi } from './token.js';
import { defaultTransport, type Transport } from './transport.js';
import { createView, type UnmountReason, type ViewApi } from './view.js';

export type { Transport } from './transport.js';

export interface ConnectOptions {
  /** Default: the parent window, checked against the fragment's parent origin. Tests: `mockHost.transport`. */
  transport?: Transport;
  /** The penpal-v7 handshake + hello must finish within this (default 10 s): else `handshake_timeout`. */
  handshakeTimeoutMs?: number;
  /** Report the content height to the host (default true). */
  autoResize?: boolean;
  /** Write theme tokens as CSS custom properties on `:root` (default true). */
  applyTheme?: boolean;
  /** The fetch used by the direct API transport (default: the global one, looked up per call). */
  fetch?: typeof fetch;
  /** Where the SDK logs refusals and dropped messages (default: console). */
  logger?: Pick<Console, 'error' | 'warn'>;
}

export type ExtState = 'connected' | 'lost' | 'destroyed';

/**
 * What the host sent at the handshake, with the changes it pushed since. `timeZone`, `entry` and
 * `visible` are always set: a host older than protocol 1.1 sends no time zone (the page's own, the
 * same browser's, is used), one older than 1.2 no entry (the `main` page) nor visibility (visible).
 */
export type ExtContext = HostContext & { timeZone: string; entry: EntryContext; visible: boolean };

export interface ExtEvents extends Record<string, unknown> {
  /**
   * The bridge is usable again (after a re-handshake, or the host's `connectionState: connected`).
   * The first connection is `connect()` resolving: nothing is emitted before you could listen.
   */
  connected: ExtContext;
  /** The bridge is usable again after `lost`; theme, token and path were replayed. */
  reconnected: ExtContext;
  /** The user's locale, text direction or time zone changed (the whole updated context). */
  context: ExtContext;
  /** The host went away or said so; every call in flight was rejected with `connection_lost`. */
  lost: ExtError;
  /** A panel's host object changed (`context.entry.subject` follows). */
  subject: HostSubject;
  /** The frame was shown or hidden (`view.visible` follows). */
  visibility: boolean;
  /** A malformed or refused message from the host was dropped (never thrown). */
  error: ExtError;
  destroyed: undefined;
}

export interface Ext {
  /** What the host sent at the (last) handshake, with the context changes it pushed since. */
  readonly context: ExtContext;
  readonly state: ExtState;
  readonly theme: ThemeApi;
  readonly auth: AuthApi;
  readonly api: ApiClient;
  readonly host: HostServices;
  readonly navigation: NavigationApi;
  /** This page as the host shows it: view state, lifecycle, closing a modal. */
  readonly view: ViewApi;
  on<K extends keyof ExtEvents>(type: K, listener: Listener<ExtEvents[K]>): Unsubscribe;
  /** Closes the bridge; every call in flight rejects with `connection_destroyed`. */
  destroy(): void;
}

/** Whether the user's locale, direction or time zone differ (what the `context` event says). */
const moved = (a: ExtContext, b: ExtContext) =>
  (['locale', 'direction', 'timeZone'] as const).some((key) => a[key] !== b[key]);

/** `base` with the fields `change` sets (an explicit `undefined` changes nothing). */
function withChange<T extends ContextChange>(base: T, change: ContextChange): T {
  const next: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(change)) if (value !== undefined) next[key] = value;
  return next as T;
}

const internal = (what: string, cause: unknown) =>
  new ExtError('internal', `${what} failed: ${String(cause)}`, { cause });

const RECONNECT_FIRST_DELAY_MS = 100;
const RECONNECT_MAX_DELAY_MS = 5000;

/**
 * Connects the extension page to its host: reads the mount fragment, performs the penpal v7
 * handshake and the extsys `hello` (nonce, protocol range, features), and resolves once the host
 * has answered with the context. Rejects with an `ExtError` (and logs it) otherwise.
 */
export async function connect(options: ConnectOptions = {}): Promise<Ext> {
  const logger = options.logger ?? console;
  try {
    return await open(options);
  } catch (error) {
    const err =
      error instanceof ExtError
        ? error
        : new ExtError('internal', `connect() failed: ${String(error)}`, { cause: error });
    logger.error(`[extsys] connect() failed (${err.code}): ${err.message}`);
    throw err;
  }
}

async function open(options: ConnectOptions): Promise<Ext> {
  const logger = options.logger ?? console;
  const transport = options.transport ?? defaultTransport();
  if (!options.transport && window.parent === window) {
    throw new ExtError(
      'handshake_failed',
      'the extension page is not inside an iframe: open it through an extsys host (in unit tests, pass createMockHost().transport)',
    );
  }
  // Fully validated below, once the SYN is on its way; the nonce is read only for the hello.
  let fragment = rawFragment(transport.fragment);
  const applyTheme = options.applyTheme !== false;
  const handshakeTimeoutMs = options.handshakeTimeoutMs ?? BRIDGE_LIMITS.handshakeTimeoutMs;

  const events = createEmitter<ExtEvents>((error) => logger.error(error));
  const report = (error: ExtError) => {
    logger.warn(`[extsys] ${error.message}`);
    events.emit('error', error);
  };
  const caller = createCaller(report);

  let state: ExtState = 'connected';
  let session: Session | undefined;
  let context!: ExtContext;
  let ready = false;
  let hostDestroyed = false;
  let reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  let reconnecting = false;
  let lastHeight: number | undefined;
  let stopResize = () => undefined as void;
  // Host pushes that arrive before the context is in place are applied right after it.
  const early: {
    theme?: Theme;
    token?: TokenGrant;
    path?: string;
    context?: ContextChange;
    subject?: HostSubject;
    visible?: boolean;
  } = {};
  const onSubject = (subject: HostSubject) => {
    // Only a panel is shown for a host object; a push to another target is dropped.
    if (context.entry.target !== 'panel') return;
    context = { ...context, entry: { ...context.entry, subject } };
    events.emit('subject', subject);
  };
  const onVisible = (visible: boolean) => {
    if (visible === context.visible) return;
    context = { ...context, visible };
    events.emit('visibility', visible);
  };
  const view = createView(
    caller,
    () => context.visible,
    () => navigation.current,
    () => context.entry.target === 'modal',
    () => context.protocol,
  );
  const changeContext = (next: ExtContext) => {
    const before = context;
    context = next;
    if (moved(before, next)) events.emit('context', next);
  };

  // ---- host → extension methods: validated, never throwing -------------------------------------
  const handlers: { [M in ExtensionMethodName]: (value: never) => unknown } = {
    themeChanged: (theme: Theme) => (ready ? themeStore.set(theme) : (early.theme = theme)),
    tokenChanged: (grant: TokenGrant) => (ready ? tokens.set(grant) : (early.token = grant)),
    navigate: ({ path }: { path: string }) => (ready ? navigation.hostNavigated(path) : (early.path = path)),
    connectionState: (event: ConnectionStateEvent) => onHostState(event),
    contextChanged: (change: ContextChange) =>
      ready ? changeContext(withChange(context, change)) : (early.context = withChange(early.context ?? {}, change)),
    subjectChanged: ({ subject }: { subject: HostSubject }) => (ready ? onSubject(subject) : (early.subject = subject)),
    visibilityChanged: ({ visible }: { visible: boolean }) => (ready ? onVisible(visible) : (early.visible = visible)),
    // Answered once every listener settled: the host waits for it (at most its timeout).
    beforeUnmount: ({ reason }: { reason: UnmountReason }) =>
      view.unmounting(reason).then((results) => {
        for (const r of results) if (r.status === 'rejected') report(internal('a beforeUnmount listener', r.reason));
      }),
  };
  const methods: Record<string, (arg: unknown) => unknown> = {};
  for (const name of Object.keys(handlers) as ExtensionMethodName[]) {
    methods[name] = async (arg: unknown) => {
      if (state === 'destroyed') {
        return {
          ok: false,
          error: new ExtError('connection_destroyed', 'the extension page closed the bridge').toEnvelope(),
        };
      }
      const problem = problemOf(PARAMS[name], arg, name);
      if (problem) {
        const error = new ExtError('message_rejected', `dropped a malformed "${name}" message from the host`, {
          details: { issues: [problem] },
        });
        report(error);
        return { ok: false, error: error.toEnvelope() };
      }
      try {
        await handlers[name](arg as never);
      } catch (cause) {
        report(internal(`handling "${name}"`, cause));
      }
      return { ok: true, value: null };
    };
  }

  // ---- connection state ------------------------------------------------------------------------
  const goLost = (error: ExtError) => {
    if (state !== 'connected') return;
    state = 'lost';
    caller.setRemote(undefined, () => new ExtError(error.code, `not connected to the host: ${error.message}`));
    caller.rejectAll(error);
    events.emit('lost', error);
  };

  function onHostState(event: ConnectionStateEvent) {
    const reason = event.reason ?? `the host reported "${event.state}"`;
    if (event.state === 'connected') {
      if (!ready || !session) return;
      if (state === 'lost') {
        state = 'connected';
        caller.setRemote(session.remote);
        events.emit('reconnected', context);
      }
      if (state === 'connected') events.emit('connected', context);
    } else if (event.state === 'destroyed') {
      hostDestroyed = true;
      goLost(new ExtError('connection_destroyed', reason));
    } else if (event.state === 'lost' || event.state === 'failed' || event.state === 'reconnecting') {
      goLost(new ExtError('connection_lost', reason));
    }
  }

  // The link died (the host sent penpal's DESTROY or the port broke): mark lost, re-handshake.
  const onSessionClosed = (closed: Session) => {
    if (session !== closed || state === 'destroyed') return;
    session = undefined;
    goLost(new ExtError('connection_lost', 'the host closed the bridge'));
    scheduleReconnect(RECONNECT_FIRST_DELAY_MS);
  };

  function scheduleReconnect(delay: number) {
    if (reconnecting || hostDestroyed || state === 'destroyed') return;
    reconnecting = true;
    reconnectTimer = setTimeout(() => {
      handshake()
        .then((next) => {
          reconnecting = false;
          if (state === 'destroyed') return next.close();
          adopt(next);
        })
        .catch((error: unknown) => {
          reconnecting = false;
          const code = (error as ExtError).code;
          if (code === 'protocol_incompatible' || code === 'handshake_failed') {
            // The host answered and refused: retrying would not change its mind.
            report(error as ExtError);
            return;
          }
          scheduleReconnect(Math.min(delay * 2, RECONNECT_MAX_DELAY_MS));
        });
    }, delay);
  }

  // ---- handshake: SYN/ACK on a new link, then hello -------------------------------------------
  let cancelHandshake: ((error: ExtError) => void) | undefined;
  let validated: Promise<unknown> | undefined;
  function handshake(): Promise<Session> {
    const started = startHandshake({
      transport,
      fragment: () => fragment,
      beforeHello: validated,
      methods,
      caller,
      onClosed: onSessionClosed,
      timeoutMs: handshakeTimeoutMs,
    });
    cancelHandshake = started.cancel;
    return started.session;
  }

  // ---- the services ----------------------------------------------------------------------------
  // The SYN leaves before the fragment's full validation, which runs while the SYN travels: a post
  // leaves the frame only when the current task ends, so the validation waits for the next task.
  // The SYN carries nothing secret and goes only to the parent origin, checked first (never to
  // "*"); the nonce leaves in the hello, which waits for the validation.
  let valid!: () => void;
  validated = new Promise<void>((resolve) => (valid = resolve)); // never settles when invalid: the cancel ends all
  const early_ = originProblem(fragment) ? undefined : handshake();
  validated = undefined; // a later handshake (a reconnect) has a valid fragment
  try {
    if (early_) await new Promise((next) => setTimeout(next));
    fragment = readMountFragment(transport.fragment);
    valid();
  } catch (error) {
    early_?.catch(() => undefined); // rejected by the cancel below; the fragment's error is the one thrown
    cancelHandshake?.(error as ExtError);
    throw error;
  }
  if (applyTheme && typeof document !== 'undefined') applyColorScheme(fragment.mode);
  const first = await (early_ ?? handshake());
  context = first.context;
  const granted = () => context.hostFeatures;
  const themeStore = createThemeStore(context.theme, applyTheme && typeof document !== 'undefined');
  const tokens = createTokenStore(context.auth, (request) => caller.call('requestToken', request));
  const navigation = createNavigation(
    context.initialPath,
    caller,
    () => granted().includes('navigate'),
    notGrantedError,
  );
  const host = createHostServices(caller, granted);
  const api = createApiClient({
    context: () => context,
    tokens,
    caller,
    fetch: () => options.fetch ?? globalThis.fetch.bind(globalThis),
  });

  function adopt(next: Session) {
    const wasLost = state === 'lost';
    const previous = session;
    session = next; // first, so closing the previous one is not taken for a lost connection
    previous?.close();
    const before = context;
    context = next.context;
    caller.setDefaultTimeout(context.limits.callTimeoutMs);
    caller.setRemote(next.remote);
    if (ready) {
      themeStore.set(context.theme);
      tokens.set(context.auth);
      navigation.hostNavigated(context.initialPath);
    }
    state = 'connected';
    if (ready) {
      if (moved(before, context)) events.emit('context', context);
      // What changed while the page was away (a reloaded host keeps the subject and visibility it set).
      const subject = (context.entry as { subject?: HostSubject }).subject;
      if (subject && JSON.stringify(subject) !== JSON.stringify((before.entry as { subject?: unknown }).subject))
        events.emit('subject', subject);
      if (before.visible !== context.visible) events.emit('visibility', context.visible);
    }
    if (wasLost) {
      if (lastHeight !== undefined) sendHeight(lastHeight);
      events.emit('reconnected', context);
    }
    if (ready) events.emit('connected', context);
  }

  function sendHeight(height: number) {
    lastHeight = height;
    if (state !== 'connected') return;
    caller.call('resize', { height }).catch((error: ExtError) => {
      if (error.code !== 'connection_lost' && error.code !== 'connection_destroyed') report(error);
    });
  }

  adopt(first);
  ready = true;
  if (early.theme) themeStore.set(early.theme);
  if (early.token) tokens.set(early.token);
  if (early.path) navigation.hostNavigated(early.path);
  if (early.context) changeContext(withChange(context, early.context));
  if (early.subject) onSubject(early.subject);
  if (early.visible !== undefined) onVisible(early.visible);
  if (options.autoResize !== false && typeof document !== 'undefined') stopResize = startAutoResize(sendHeight);

  const ext: Ext = {
    get context() {
      return context;
    },
    get state() {
      return state;
    },
    theme: { get: () => themeStore.get(), on: (type, listener) => themeStore.on(type, listener) },
    auth: {
      getToken: (o) => tokens.getToken(o),
      peek: () => tokens.peek(),
      on: (type, listener) => tokens.on(type, listener),
    },
    api,
    host,
    navigation,
    view,
    on: (type, listener) => events.on(type, listener),
    destroy() {
      if (state === 'destroyed') return;
      state = 'destroyed';
      clearTimeout(reconnectTimer);
      stopResize();
      view.stop();
      const error = new ExtError('connection_destroyed', 'the extension page closed the bridge (destroy())');
      caller.setRemote(undefined, () => error);
      caller.rejectAll(error);
      const closing = session;
      session = undefined;
      closing?.close();
      events.emit('destroyed', undefined);
      events.clear();
    },
  };
  return ext;
}
