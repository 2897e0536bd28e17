import * as z from 'zod/mini';
import { HostContext, TokenGrant } from '../bridge/handshake.js';
import { Hello } from './hello.js';
import {
  ApiCancel,
  ApiRequest,
  ApiResponse,
  ConfirmRequest,
  ConfirmResult,
  NavigateRequest,
  OpenLinkRequest,
  ResizeRequest,
  SetTitleRequest,
  ToastRequest,
  TokenRequest,
} from './requests.js';

/** Methods the host exposes to the extension page (conventions in bridge/method-types.ts). */
export const HOST_METHODS = {
  hello: { params: Hello, result: HostContext },
  requestToken: { params: TokenRequest, result: TokenGrant },
  navigate: { params: NavigateRequest, result: z.null() },
  resize: { params: ResizeRequest, result: z.null() },
  toast: { params: ToastRequest, result: z.null() },
  confirm: { params: ConfirmRequest, result: ConfirmResult },
  openLink: { params: OpenLinkRequest, result: z.null() },
  setTitle: { params: SetTitleRequest, result: z.null() },
  apiRequest: { params: ApiRequest, result: ApiResponse },
  apiCancel: { params: ApiCancel, result: z.null() },
} as const;
export type HostMethodName = keyof typeof HOST_METHODS;
