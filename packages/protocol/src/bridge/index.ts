// The extension side's runtime contract: what the in-iframe SDK validates and uses. Size-critical
// (see size-budgets.json); the host's validation of extension → host calls lives in host-methods/.
// The zod-free helpers are exported from their zod-free modules, so a bundle that only uses them
// (the ext SDK, which validates with generated validators) ships no schema.
export { HOST_FEATURES, SDK_FEATURES } from './feature-names.js';
export { HostFeature, SdkFeature, SdkFeatureList } from './features.js';
export { decodeMountFragment, encodeMountFragment } from './fragment-codec.js';
export { MountFragment } from './fragment.js';
export {
  API_TRANSPORTS,
  HostContext,
  Locale,
  RoutePath,
  TextDirection,
  TimeZone,
  TokenGrant,
  bridgeResult,
} from './handshake.js';
export { BRIDGE_LIMITS } from './limits.js';
export { ENTRY_DATA_LIMITS, UNMOUNT_REASONS, type UnmountReason } from './entry-limits.js';
export {
  DEFAULT_ENTRY_POINT_ID,
  ENTRY_TARGETS,
  EntryContext,
  EntryPointId,
  EntryTarget,
  HostSubject,
  MODAL_SIZES,
  ModalSize,
  TARGET_CONTEXTS,
  ViewState,
  type EntryContextOf,
} from './entry-points.js';
export { jsonValue, type JsonValue } from './json-value.js';
export { MAX_JSON_DEPTH, isJsonData, jsonByteLength } from '../primitives/json-data.js';
export { BRIDGE_CHANNEL, PORT_CALL_KEY, PORT_REPLY_KEY, type PortCall, type PortReply } from './transport.js';
export {
  CONNECTION_STATES,
  ConnectionState,
  ConnectionStateEvent,
  BeforeUnmount,
  ContextChange,
  EXTENSION_METHODS,
  SubjectChange,
  VisibilityChange,
  HostNavigate,
  type ExtensionMethodName,
} from './messages.js';
export type { MethodArgs, MethodName, MethodParams, MethodResult, MethodTable } from './method-types.js';
export { PROTOCOL_VERSION, compareVersions, majorOf } from './version-utils.js';
export { ProtocolVersion } from './version.js';
// What the in-iframe SDK needs besides the bridge itself, so it imports one entry.
export { ERROR_CODES, errorCodeInfo } from '../errors/code-table.js';
export { ErrorCode } from '../errors/codes.js';
export { ErrorEnvelope, errorEnvelope } from '../errors/envelope.js';
export { THEME_MODES, Theme, ThemeMode, ThemeTokens } from '../theme/schema.js';
export { THEME_TOKEN_NAMES, cssVariable, type ThemeTokenName } from '../theme/tokens.js';
export { ContentHash, ExtensionId, MountNonce, RequestId } from '../primitives/ids.js';
export { apiPathProblem } from '../primitives/path-problems.js';
export { tokenValueProblem } from '../theme/values.js';
export { ApiPath } from '../primitives/paths.js';
export { CHECKS, FORBIDDEN_KEYS, check, checkOf, type CheckName } from '../primitives/checks.js';
