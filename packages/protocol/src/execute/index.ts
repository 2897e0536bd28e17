export { EXECUTE_LIMITS, ExecuteRequest } from './request.js';
export { parseQuery } from './query.js';
export { ExecuteResponse, HandlerLogEntry, LOG_LEVELS } from './response.js';
export {
  EXECUTE_FRAME_CONTENT_TYPE,
  FRAME_MAGIC,
  MAX_FRAME_HEADER_BYTES,
  decodeFrame,
  splitFrame,
  encodeFrame,
  type DecodedFrame,
} from './frame.js';
export {
  HANDLER_EXPORTS,
  HOST_CALL_ARGS,
  HOST_CALL_VALUES,
  HandlerRequest,
  HandlerResponse,
  HostCallResult,
  LOG_LEVEL_NUMBERS,
  RUNNER_ABI_VERSION,
  RUNNER_IMPORTS,
  type RunnerImport,
} from './handler-abi.js';
