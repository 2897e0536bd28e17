import * as z from 'zod/mini';
import { Theme } from '../theme/schema.js';
import { Hello, HostContext, TokenGrant } from './handshake.js';
import {
  ApiCancel,
  ApiRequest,
  ApiResponse,
  ConfirmRequest,
  ConfirmResult,
  ConnectionStateEvent,
  HostNavigate,
  NavigateRequest,
  OpenLinkRequest,
  ResizeRequest,
  SetTitleRequest,
  ToastRequest,
  TokenRequest,
} from './messages.js';

const Done = z.null();

/**
 * Methods the host exposes to the extension page. Each takes one argument, validated with
 * `params` on receipt, and answers `bridgeResult(result)`.
 */
export const HOST_METHODS = {
  hello: { params: Hello, result: HostContext },
  requestToken: { params: TokenRequest, result: TokenGrant },
  navigate: { params: NavigateRequest, result: Done },
  resize: { params: ResizeRequest, result: Done },
  toast: { params: ToastRequest, result: Done },
  confirm: { params: ConfirmRequest, result: ConfirmResult },
  openLink: { params: OpenLinkRequest, result: Done },
  setTitle: { params: SetTitleRequest, result: Done },
  apiRequest: { params: ApiRequest, result: ApiResponse },
  apiCancel: { params: ApiCancel, result: Done },
} as const;

/** Methods the extension page exposes to the host, same conventions. */
export const EXTENSION_METHODS = {
  themeChanged: { params: Theme, result: Done },
  tokenChanged: { params: TokenGrant, result: Done },
  navigate: { params: HostNavigate, result: Done },
  connectionState: { params: ConnectionStateEvent, result: Done },
} as const;

type MethodTable = Record<string, { params: z.ZodMiniType; result: z.ZodMiniType }>;
export type MethodName<T extends MethodTable> = keyof T & string;
/** What a caller passes (defaults not yet applied). */
export type MethodParams<T extends MethodTable, M extends keyof T> = z.input<T[M]['params']>;
/** What a receiver gets after validation (defaults applied). */
export type MethodArgs<T extends MethodTable, M extends keyof T> = z.output<T[M]['params']>;
export type MethodResult<T extends MethodTable, M extends keyof T> = z.output<T[M]['result']>;

export type HostMethodName = MethodName<typeof HOST_METHODS>;
export type ExtensionMethodName = MethodName<typeof EXTENSION_METHODS>;
