import {
  BRIDGE_LIMITS,
  type ConnectionState,
  type ContextChange,
  type EntryContext,
  type HostFeature,
  type HostSubject,
  type Theme,
} from '@extsys/protocol/bridge';
import { HostBridgeError } from './errors.js';
import type { HostServices, LinkAllowlist } from './host-services.js';
import type { Logger } from './logger.js';
import type { MessageRejectedEvent, RejectionStats } from './message-guard.js';
import { DEFAULT_RESIZE_LIMITS, type ResizeApplied, type ResizeLimits } from './resize.js';
import type { ConfirmLeave } from './leave-guard.js';
import type { ModalPresenter } from './modal-presenter.js';
import type { HostSandboxPolicy } from './sandbox.js';
import type { ConnectedInfo } from './session/host-session.js';
import type { UnmountReason } from './session/lifecycle.js';
import type { ViewStateStore } from './session/view-state.js';
import type { GetToken } from './token-refresh.js';

export type { ConnectedInfo };

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
  /** BCP 47 tag; default `navigator.language` or `en`. Changed live with `setContext()`. */
  locale?: string;
  /** Default `ltr`. Changed live with `setContext()`. */
  direction?: 'ltr' | 'rtl';
  /**
   * The user's IANA time zone (`Europe/Paris`); default the host page's
   * (`Intl.DateTimeFormat().resolvedOptions().timeZone`). Changed live with `setContext()`.
   */
  timeZone?: string;
  /**
   * The route the page opens on; default the entry point's `path` (`/` without entry points).
   * Pass the same path as `buildExtUiSrc({path})`.
   */
  initialPath?: string;
  /**
   * The manifest entry point to show (`ui.entryPoints[].id`), a `page` or a `panel`; default the
   * first page (`main` for a manifest without entry points). Its `initialHeight` is the frame's
   * height until the page reports one. Unknown ids and modals are `validation_failed`.
   */
  entryPoint?: string;
  /** The host object a `panel` is shown for (required for a panel); `setSubject()` changes it. */
  subject?: HostSubject;
  /**
   * Where pages keep their view state (`ext.view.state`); keep it per user, server-side, to let it
   * survive a page reload. Default: a memory store shared by every mount of this page.
   */
  viewState?: ViewStateStore;
  /** How modals are shown; default `createDialogPresenter()` (a native `<dialog>`). */
  modals?: ModalPresenter;
  /** How deep modals may nest; default 1 (a modal cannot open another). */
  maxModalDepth?: number;
  /** How long `leave()` and a closing modal wait for the page's `beforeUnmount`; default 1000 ms. */
  unmountGraceMs?: number;
  /**
   * Asked before a page with unsaved changes goes (`leave()`, a modal's Esc); false keeps it.
   * Default: `services.confirm` when given, else `window.confirm`.
   */
  confirmLeave?: ConfirmLeave;
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

export interface BridgeEvents extends Record<string, unknown> {
  state: { state: ConnectionState; reason?: string };
  navigate: { path: string; replace: boolean };
  resize: ResizeApplied;
  error: HostBridgeError;
  'message-rejected': MessageRejectedEvent;
  connected: ConnectedInfo;
  /** The page's unsaved-changes flag (`ext.view.setDirty`); false again when the page reloads. */
  dirty: boolean;
}

export interface BridgeHandle {
  /** Resolves at the first successful hello; rejects on an incompatible SDK, the handshake deadline or destroy. */
  readonly ready: Promise<ConnectedInfo>;
  readonly state: ConnectionState;
  on<K extends keyof BridgeEvents>(type: K, listener: (payload: BridgeEvents[K]) => void): () => void;
  /** Replaces the theme; pushed now when connected, replayed on reconnect. */
  setTheme(theme: Theme): Promise<void>;
  /**
   * Changes the user's locale, text direction or time zone (only the fields given); validated
   * (rejects with `validation_failed`), pushed now when connected, replayed on reconnect.
   */
  setContext(change: ContextChange): Promise<void>;
  /** Moves the extension to `path` (the host's router moved); replayed on reconnect. */
  navigate(path: string): Promise<void>;
  /** Fetches a fresh token now and pushes it. */
  refreshToken(): Promise<void>;
  /** The entry point this frame shows and its context (a panel's current subject). */
  readonly entry: EntryContext;
  /** A panel's host object changed (`validation_failed` for a bad one or a page): pushed, replayed on reconnect. */
  setSubject(subject: HostSubject): Promise<void>;
  /**
   * The host showed or hid the frame (a tab panel). The page sees it hidden also while the
   * document is (`visibilitychange` is followed by itself); pushed, replayed on reconnect.
   */
  setVisible(visible: boolean): Promise<void>;
  /** The page has unsaved changes (see the `dirty` event); the page's `beforeunload` asks meanwhile. */
  readonly dirty: boolean;
  /**
   * Call before unmounting or navigating away from the frame: when it (or a modal it opened) is
   * dirty, asks `confirmLeave` and resolves false if the user stays; then sends `beforeUnmount`
   * and waits at most `unmountGraceMs`; resolves true: go ahead (then `destroy()`).
   */
  leave(reason?: UnmountReason): Promise<boolean>;
  /** Disconnects, removes every listener, timer and observer, rejects everything in flight. */
  destroy(): void;
  /** Counters of rejected messages, by reason (a snapshot). */
  readonly stats: RejectionStats;
}

export function resolveLimits(given: Partial<BridgeLimits> | undefined): BridgeLimits {
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
