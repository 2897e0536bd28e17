export { EXECUTE_LIMITS, ExecuteRequest } from './request.js';
export { ExecuteResponse, HandlerLogEntry, LOG_LEVELS } from './response.js';
export {
  EXECUTE_FRAME_CONTENT_TYPE,
  FRAME_MAGIC,
  MAX_FRAME_HEADER_BYTES,
  decodeFrame,
  encodeFrame,
  type DecodedFrame,
} from './frame.js';
