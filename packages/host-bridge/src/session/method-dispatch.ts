import type * as z from 'zod/mini';
import type { HostFeature, TokenGrant } from '@extsys/protocol/bridge';
import {
  ConfirmResult,
  HOST_METHODS,
  type ApiCancel,
  type ApiRequest,
  type ApiResponse,
  type CloseViewRequest,
  type OpenModalRequest,
  type SetDirtyRequest,
  type SetViewStateRequest,
  type ViewStateQuery,
  type ConfirmRequest,
  type HostMethodName,
  type NavigateRequest,
  type OpenLinkRequest,
  type ResizeRequest,
  type SetTitleRequest,
  type ToastRequest,
  type TokenRequest,
} from '@extsys/protocol/host-methods';
import { parseOrError, type ErrorEnvelope } from '@extsys/protocol/errors';
import { HostBridgeError } from '../errors.js';
import { requireFeature } from '../host-services.js';
import type { Logger } from '../logger.js';
import type { RejectReason } from '../message-guard.js';
import type { SurfaceEffects, SurfaceMethods } from './surface-methods.js';

/** The `bridgeResult` every host method answers with. */
export type Result = { ok: true; value: unknown } | { ok: false; error: ErrorEnvelope };
/** An answer and the buffers that travel with it (moved, not copied). */
export interface HostAnswer {
  result: Result;
  transfer?: Transferable[];
}

export const ok = (value: unknown): Result => ({ ok: true, value });
export const fail = (error: HostBridgeError): Result => ({ ok: false, error: error.toEnvelope() });

/**
 * What the host does for a granted, validated call: the transport-specific half (the DOM, the
 * host's services, the network). Throw a HostBridgeError to answer with its code.
 */
export interface HostEffects extends SurfaceEffects {
  navigate(request: NavigateRequest): void;
  resize(request: ResizeRequest): void;
  toast(request: ToastRequest): void | Promise<void>;
  /** Resolves with `{confirmed}`; anything else is answered `internal`. */
  confirm(request: ConfirmRequest): unknown;
  openLink(request: OpenLinkRequest): void | Promise<void>;
  setTitle(request: SetTitleRequest): void | Promise<void>;
  apiRequest(request: ApiRequest): Promise<ApiResponse>;
  apiCancel(request: ApiCancel): void;
}

/** The host feature a method needs granted (the others are always served). */
export const METHOD_FEATURES: Partial<Record<HostMethodName, HostFeature>> = {
  navigate: 'navigate',
  toast: 'toast',
  confirm: 'confirm',
  openLink: 'openLink',
  setTitle: 'setTitle',
  openModal: 'modal',
};

export interface DispatchOptions {
  granted: readonly HostFeature[];
  gateway: { transport: 'direct' | 'bridge' };
  maxApiBodyBytes: number;
  effects: HostEffects;
  /** The hello (the session's: it has its own checks). */
  hello(argument: unknown): Promise<Result>;
  requestToken(request: TokenRequest): Promise<TokenGrant>;
  /** The protocol 1.2 methods: modals, view state, the dirty flag. */
  surfaces: SurfaceMethods;
  /** The path the extension moved to, kept for replay. */
  navigated(path: string): void;
  destroyed(): boolean;
  accepted(): boolean;
  reject(reason: RejectReason, message: string, method?: string): void;
  /** A call that passed the hello and its schema (the mock host records them). */
  onCall?(method: HostMethodName, params: unknown): void;
  logger: Logger;
  tag: string;
}

type Handlers = { [K in Exclude<HostMethodName, 'hello'>]: (request: never) => unknown };

/**
 * The method table: for every extension → host call, in order, the bridge still alive, a
 * successful hello, the argument's schema, the feature granted, then the handler; thrown errors
 * become answers (a host bug is logged and answered `internal`).
 */
export function createDispatcher(options: DispatchOptions): (name: string, argument: unknown) => Promise<HostAnswer> {
  const { effects, granted } = options;
  const handlers: Handlers = {
    requestToken: (request: TokenRequest) => options.requestToken(request),
    navigate: (request: NavigateRequest) => {
      options.navigated(request.path);
      effects.navigate(request);
      return null;
    },
    resize: (request: ResizeRequest) => (effects.resize(request), null),
    toast: async (request: ToastRequest) => (await effects.toast(request), null),
    confirm: async (request: ConfirmRequest) => {
      const answer = parseOrError(ConfirmResult, await effects.confirm(request));
      if (!answer.ok) throw new HostBridgeError('internal', 'confirm: the host service gave no {confirmed} answer');
      return answer.value;
    },
    openLink: async (request: OpenLinkRequest) => (await effects.openLink(request), null),
    setTitle: async (request: SetTitleRequest) => (await effects.setTitle(request), null),
    apiRequest: (request: ApiRequest) => {
      if (options.gateway.transport !== 'bridge') {
        throw new HostBridgeError('feature_not_granted', 'apiRequest: this host uses the direct API transport');
      }
      if (request.body && request.body.byteLength > options.maxApiBodyBytes) {
        throw new HostBridgeError(
          'payload_too_large',
          `apiRequest: the body is above ${options.maxApiBodyBytes} bytes`,
        );
      }
      return effects.apiRequest(request);
    },
    apiCancel: (request: ApiCancel) => (effects.apiCancel(request), null),
    openModal: (request: OpenModalRequest) => options.surfaces.openModal(request),
    closeView: (request: CloseViewRequest) => options.surfaces.closeView(request),
    getViewState: (query: ViewStateQuery) => options.surfaces.getViewState(query),
    setViewState: (request: SetViewStateRequest) => options.surfaces.setViewState(request),
    setDirty: (request: SetDirtyRequest) => options.surfaces.setDirty(request),
  };

  async function call(name: Exclude<HostMethodName, 'hello'>, argument: unknown): Promise<Result> {
    if (options.destroyed()) return fail(new HostBridgeError('connection_destroyed', 'the bridge was destroyed'));
    if (!options.accepted()) {
      options.reject('before-hello', `${name} was called before a successful hello`, name);
      return fail(new HostBridgeError('handshake_failed', `${name}: call hello with this mount's nonce first`));
    }
    const schema = HOST_METHODS[name].params as z.ZodMiniType;
    const parsed = parseOrError(schema, argument, { code: 'message_rejected', label: name });
    if (!parsed.ok) {
      options.reject('invalid', parsed.error.message, name);
      return { ok: false, error: parsed.error };
    }
    options.onCall?.(name, parsed.value);
    try {
      const feature = METHOD_FEATURES[name];
      if (feature) requireFeature(granted, feature);
      return ok(await (handlers[name] as (request: unknown) => unknown)(parsed.value));
    } catch (error) {
      if (error instanceof HostBridgeError) return fail(error);
      options.logger.error(`${options.tag}: the host's ${name} handler failed`, error);
      return fail(new HostBridgeError('internal', `${name}: the host could not complete the request`));
    }
  }

  return async (name, argument) => {
    if (!Object.hasOwn(HOST_METHODS, name)) {
      options.reject('unknown-method', `the host exposes no method "${name.slice(0, 64)}"`);
      return { result: fail(new HostBridgeError('message_rejected', 'unknown bridge method')) };
    }
    if (name === 'hello') return { result: await options.hello(argument) };
    const result = await call(name as Exclude<HostMethodName, 'hello'>, argument);
    if (name !== 'apiRequest' || !result.ok) return { result };
    const body = (result.value as ApiResponse).body;
    return { result, transfer: [body.buffer as ArrayBuffer] };
  };
}
