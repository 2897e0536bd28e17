// The schemas of extension → host calls. The host validates every call with them; the extension
// SDK needs only their types (import type), so they stay out of the size-critical bridge entry.
export { Hello } from './hello.js';
export {
  ApiCancel,
  ApiRequest,
  ApiResponse,
  CloseViewRequest,
  ConfirmRequest,
  ModalOutcome,
  OpenModalRequest,
  SetDirtyRequest,
  SetViewStateRequest,
  ViewStateQuery,
  ConfirmResult,
  NavigateRequest,
  OpenLinkRequest,
  ResizeRequest,
  SetTitleRequest,
  ToastRequest,
  TokenRequest,
} from './requests.js';
export { HOST_METHODS, type HostMethodName } from './methods.js';
export {
  PROTOCOL_ADDITIONS,
  ProtocolRange,
  SUPPORTED_RANGE,
  negotiateVersion,
  type Negotiation,
} from './negotiation.js';
