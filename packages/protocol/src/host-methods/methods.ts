import * as z from 'zod/mini';
import { HostContext, TokenGrant } from '../bridge/handshake.js';
import { Hello } from './hello.js';
import {
  ApiCancel,
  ApiRequest,
  ApiResponse,
  CloseViewRequest,
  ConfirmRequest,
  ConfirmResult,
  NavigateRequest,
  OpenLinkRequest,
  ResizeRequest,
  SetTitleRequest,
  ToastRequest,
  TokenRequest,
  ModalOutcome,
  OpenModalRequest,
  SetDirtyRequest,
  SetViewStateRequest,
  ViewStateQuery,
} from './requests.js';
import { ViewState } from '../bridge/entry-points.js';

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
  // 1.2
  openModal: { params: OpenModalRequest, result: ModalOutcome },
  closeView: { params: CloseViewRequest, result: z.null() },
  getViewState: { params: ViewStateQuery, result: z.nullable(ViewState) },
  setViewState: { params: SetViewStateRequest, result: z.null() },
  setDirty: { params: SetDirtyRequest, result: z.null() },
} as const;
export type HostMethodName = keyof typeof HOST_METHODS;
