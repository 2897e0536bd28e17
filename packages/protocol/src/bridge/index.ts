// The extension side's runtime contract: what the in-iframe SDK validates and uses. Size-critical
// (see size-budgets.json); the host's validation of extension → host calls lives in host-methods/.
export { HOST_FEATURES, HostFeature, SDK_FEATURES, SdkFeature, SdkFeatureList } from './features.js';
export { MountFragment, decodeMountFragment, encodeMountFragment } from './fragment.js';
export { API_TRANSPORTS, HostContext, RoutePath, TokenGrant, bridgeResult } from './handshake.js';
export { BRIDGE_LIMITS } from './limits.js';
export { BRIDGE_CHANNEL } from './transport.js';
export {
  CONNECTION_STATES,
  ConnectionState,
  ConnectionStateEvent,
  EXTENSION_METHODS,
  HostNavigate,
  type ExtensionMethodName,
} from './messages.js';
export type { MethodArgs, MethodName, MethodParams, MethodResult, MethodTable } from './method-types.js';
export { PROTOCOL_VERSION, ProtocolVersion, compareVersions, majorOf } from './version.js';
// What the in-iframe SDK needs besides the bridge itself, so it imports one entry.
export { ERROR_CODES, ErrorCode, errorCodeInfo } from '../errors/codes.js';
export { ErrorEnvelope, errorEnvelope } from '../errors/envelope.js';
export { THEME_MODES, Theme, ThemeMode, ThemeTokens } from '../theme/schema.js';
export { THEME_TOKEN_NAMES, cssVariable, type ThemeTokenName } from '../theme/tokens.js';
export { ContentHash, ExtensionId, MountNonce, RequestId } from '../primitives/ids.js';
export { ApiPath, apiPathProblem } from '../primitives/paths.js';
