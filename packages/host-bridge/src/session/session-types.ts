import type {
  ConnectionState,
  EntryContext,
  HostFeature,
  HostContext,
  HostSubject,
  SdkFeature,
  Theme,
  ContextChange,
} from '@extsys/protocol/bridge';
import type { ProtocolRange } from '@extsys/protocol/host-methods';
import type { HostBridgeError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { MessageRejectedEvent, RejectReason } from '../message-guard.js';
import type { ContextFields, ContextTemplate } from './context.js';
import type { InvokeExtension } from './extension-calls.js';
import type { HostAnswer, HostEffects, Result } from './method-dispatch.js';
import type { ReplayState } from './state-replay.js';
import type { TokenSource } from './token-schedule.js';
import type { UnmountReason } from './lifecycle.js';
import type { ViewStateStore } from './view-state.js';

// The host session's interface: what bootstrapIframe() and the mock host give it and get from it.

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
  /** The page's unsaved-changes flag changed (`setDirty`, or false again at a new hello). */
  dirty: boolean;
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
  /**
   * The entry point this mount shows and its target's context (a panel's subject, a modal's
   * input and depth); validated. Sent in the context from protocol 1.2. Default: the `main` page.
   */
  entry?: EntryContext;
  /** Whether the frame is visible at mount (default true); `setVisible()` changes it. */
  visible?: boolean;
  /**
   * Where `getViewState`/`setViewState` keep the page's state, keyed by this mount's extension,
   * install and entry point. Default: a memory store of this session alone (a host page passes
   * one shared store, so a remount finds the state).
   */
  viewState?: ViewStateStore;
  /** How deep modals may nest: 1 (the default) means a modal cannot open another. */
  maxModalDepth?: number;
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
  /** The mount's entry context, with the subject the host last set. */
  readonly entry: EntryContext;
  readonly visible: boolean;
  /** The page said it has unsaved changes (`setDirty`); false again at a new hello. */
  readonly dirty: boolean;
  /**
   * A panel's host object changed: validated (`validation_failed`, also for an entry point that is
   * not a panel), replayed in every hello, pushed (`subjectChanged`) to an SDK that announced `entry`.
   */
  setSubject(subject: HostSubject): Promise<void>;
  /** The frame was shown or hidden: replayed in every hello, pushed (`visibilityChanged`) to an SDK that announced `lifecycle`. */
  setVisible(visible: boolean): Promise<void>;
  /**
   * The host is about to take the page away: sends `beforeUnmount` to a connected SDK that
   * announced `lifecycle` and resolves when it answered or after `timeoutMs` (at most 10 s);
   * at once otherwise. Never rejects.
   */
  beforeUnmount(reason: UnmountReason, timeoutMs: number): Promise<void>;
  /** Rejects everything in flight and stops the timers; `beforeState` runs before `destroyed` is emitted. */
  destroy(beforeState?: () => void): void;
}
