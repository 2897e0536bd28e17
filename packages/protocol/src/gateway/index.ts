export {
  BUNDLE_CONTENT_TYPE,
  HANDLER_REQUEST_HEADERS,
  HANDLER_RESPONSE_HEADERS,
  HANDLER_RESPONSE_HEADER_PREFIX,
  HEADER,
  SERVICE_AUTH_SCHEME,
  isForwardedResponseHeader,
} from './headers.js';
export {
  ExtTokenClaims,
  ExtTokenRequest,
  ExtTokenResponse,
  IdempotencyKey,
  MAX_TOKEN_TTL_SECONDS,
  TOKEN_AUDIENCE,
  TOKEN_CLOCK_LEEWAY_SECONDS,
} from './token.js';
export {
  InstallCreate,
  InstallPatch,
  InstallView,
  LoginRequest,
  SessionState,
  SessionUser,
  VersionView,
} from './admin.js';
export { HostExtension, HostExtensionList } from './host-extensions.js';
export {
  InvocationEvent,
  InvocationLogLine,
  LOG_EVENT_LIMITS,
  LOG_ROUTES,
  LOG_STREAM_EVENT,
  LogEventId,
  LogEventList,
  LogEventQuery,
  LogStreamNotice,
} from './log-event.js';
export { SSE_CONTENT_TYPE, SseDecoder, encodeSseComment, encodeSseMessage, type SseMessage } from './sse.js';
export {
  ExtensionPattern,
  PublisherCreate,
  PublisherCreated,
  PublisherView,
  matchesExtensionPattern,
} from './publisher.js';
export {
  BuildStatusEvent,
  BuildStatusReport,
  DEV_API,
  DevStreamReady,
  FrameEvent,
  FrameEventReport,
  InstallChangedEvent,
  MAX_BUILD_MESSAGE_CHARS,
  MAX_FRAME_EVENT_CODE_CHARS,
  MAX_FRAME_EVENT_MESSAGE_CHARS,
  type DevEvent,
} from './dev-events.js';
export {
  HOST_VIEW_STATE_ROUTE,
  HostViewStateAnswer,
  HostViewStateKey,
  HostViewStateQuery,
  HostViewStateUpdate,
} from './view-state.js';
