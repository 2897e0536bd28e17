export { SDK_FEATURES, SdkFeature, SdkFeatureList } from './features.js';
export { MountFragment, decodeMountFragment, encodeMountFragment } from './fragment.js';
export {
  API_TRANSPORTS,
  Hello,
  HostContext,
  RoutePath,
  TokenGrant,
  bridgeResult,
} from './handshake.js';
export { BRIDGE_LIMITS } from './limits.js';
export {
  ApiCancel,
  ApiRequest,
  ApiResponse,
  CONNECTION_STATES,
  ConfirmRequest,
  ConfirmResult,
  ConnectionState,
  ConnectionStateEvent,
  HostNavigate,
  NavigateRequest,
  OpenLinkRequest,
  ResizeRequest,
  SetTitleRequest,
  ToastRequest,
  TokenRequest,
} from './messages.js';
export {
  EXTENSION_METHODS,
  HOST_METHODS,
  type ExtensionMethodName,
  type HostMethodName,
  type MethodArgs,
  type MethodName,
  type MethodParams,
  type MethodResult,
} from './methods.js';
export {
  PROTOCOL_VERSION,
  ProtocolRange,
  ProtocolVersion,
  SUPPORTED_RANGE,
  compareVersions,
  negotiateVersion,
  type Negotiation,
} from './version.js';
// What the in-iframe SDK needs besides the bridge itself, so it imports one entry.
export { ERROR_CODE_INFO, ErrorCode } from '../errors/codes.js';
export { ErrorEnvelope, errorEnvelope } from '../errors/envelope.js';
export { HOST_FEATURES, HostFeature } from '../manifest/capabilities.js';
export { Theme, ThemeMode, THEME_MODES, ThemeTokens } from '../theme/schema.js';
export { THEME_TOKEN_NAMES, cssVariable, type ThemeTokenName } from '../theme/tokens.js';
export { ContentHash, ExtensionId, MountNonce, RequestId } from '../primitives/ids.js';
export { ApiPath, apiPathProblem } from '../primitives/paths.js';
export { HeaderMap, HttpMethod, HTTP_METHODS } from '../primitives/http.js';
