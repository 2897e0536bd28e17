import type { Messenger } from 'penpal';
import type {
  ConnectionState,
  ContextChange,
  EntryContext,
  ExtensionMethodName,
  HostContext,
  HostFeature,
  HostSubject,
  JsonValue,
  MountFragment,
  Theme,
  ThemeMode,
} from '@extsys/protocol/bridge';
import type { ErrorEnvelope } from '@extsys/protocol/errors';
import type { UnmountReason } from '../session/lifecycle.js';
import type { ViewStateStore } from '../session/view-state.js';
import type {
  ApiRequest,
  ConfirmRequest,
  HostMethodName,
  ModalOutcome,
  OpenModalRequest,
  ProtocolRange,
  ToastRequest,
  TokenRequest,
} from '@extsys/protocol/host-methods';

/** How the ext SDK reaches its host (the shape of `@extsys/ext-sdk`'s `Transport`). */
export interface MockTransport {
  /** The mount fragment (`location.hash` in a real iframe). */
  readonly fragment: string;
  /** A fresh penpal `Messenger` to the host; one per handshake attempt (a reconnect makes another). */
  createMessenger(fragment: MountFragment): Messenger;
}

export type Answer = { ok: true; value: unknown } | { ok: false; error: ErrorEnvelope };

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
  /** Default `en-GB`. */
  locale?: string;
  /** Default `ltr`. */
  direction?: 'ltr' | 'rtl';
  /** Default `Europe/London`. */
  timeZone?: string;
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
  /** The entry point the page is mounted as (a panel with its subject, a modal with its input). Default: the `main` page. */
  entry?: EntryContext;
  /** Whether the frame starts visible. Default true. */
  visible?: boolean;
  /** Where view state is kept. Default: a memory store of this mock (it survives reconnects). */
  viewState?: ViewStateStore;
  /** Answers `openModal` as the user would. Default: dismissed. */
  modals?: (request: OpenModalRequest) => ModalOutcome | Promise<ModalOutcome>;
  /** How deep modals may nest (1: a modal cannot open another). Default 1. */
  maxModalDepth?: number;
  /** How long `requestUnmount()` waits for the page by default (ms). Default 1000. */
  unmountGraceMs?: number;
}

export interface MockHostCall {
  method: HostMethodName;
  params: unknown;
}

export interface MockHost {
  /** Pass to `connect({transport})`. Every handshake (a reconnect too) gets a fresh in-process channel. */
  readonly transport: MockTransport;
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
  /** The modals the page opened (`openModal`, after validation and the grant). */
  readonly modals: OpenModalRequest[];
  /** The mount's entry context, with the subject last set. */
  readonly entry: EntryContext;
  /** The view state store (the default one unless `viewState` was given). */
  readonly viewState: ViewStateStore;
  /** The page's unsaved-changes flag (`view.setDirty`); false again after a reload (a new hello). */
  readonly dirty: boolean;
  /** The result a modal mount closed with (`view.close(result)`), or undefined. */
  readonly closedWith: JsonValue | undefined;
  /** Whether a modal mount called `view.close()` (with or without a result). */
  readonly closed: boolean;
  /** Whether a modal mount asked to be dismissed (Esc inside it, not handled by the page). */
  readonly dismissed: boolean;
  /** A panel's subject changed: validated, replayed on reconnect, pushed (`subjectChanged`) when the SDK takes it. */
  setSubject(subject: HostSubject): Promise<void>;
  /** The frame was shown or hidden: pushed (`visibilityChanged`) when the SDK takes it. */
  setVisible(visible: boolean): Promise<void>;
  /**
   * Sends `beforeUnmount` (to an SDK that announced `lifecycle`) and resolves when the page
   * answered or after `timeoutMs` (default `unmountGraceMs`); never rejects.
   */
  requestUnmount(reason?: UnmountReason, timeoutMs?: number): Promise<void>;
  /** The token the mock would currently accept at the gateway. */
  readonly currentToken: string | undefined;
  /** Whether `token` is valid at the (mock) gateway: use it in an msw handler. */
  isTokenValid(token: string | null | undefined): boolean;
  /** The gateway starts refusing the current token (a 401 follows) without telling the SDK. */
  expireToken(): void;
  /** Mints a new token and pushes it (`tokenChanged`). */
  pushToken(ttlMs?: number): Promise<Answer>;
  setTheme(theme: Theme | ThemeMode): Promise<Answer>;
  /**
   * The user's locale, direction or time zone changed: sends `contextChanged` with `change` as
   * given (so a malformed one can be tested) and keeps a valid one for the next hello.
   */
  setContext(change: ContextChange): Promise<Answer>;
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
