export {
  serviceFastifyOptions,
  useErrorEnvelopes,
  type RawServiceRequest,
  type ServiceOptions,
} from './fastify-service.js';
export {
  DEFAULT_HTTP_TIMEOUTS,
  HTTP_TIMEOUT_DESCRIPTIONS,
  HTTP_TIMEOUT_VARIABLES,
  httpTimeoutOptions,
  httpTimeoutsFromEnv,
  httpTimeoutsProblem,
  type HttpTimeouts,
  type HttpTimeoutsResult,
} from './http-timeouts.js';
export { LOG_LEVELS, envFlag, envLogLevel, envText, envWholeNumber, type LogLevel } from './env-values.js';
export { gracefulClose, trackRequests, type GracefulCloseOptions } from './graceful-close.js';
export { SseStreams, type SseStream, type SseStreamOptions } from './sse-stream.js';
export { BoundedLog, type BoundedLogLimits } from './bounded-log.js';
