export { ERROR_CODE_INFO, ERROR_CODES, ErrorCode } from './codes.js';
export { ErrorDetails, ErrorEnvelope, ErrorResponse, errorEnvelope } from './envelope.js';
export { describeIssues, formatPath, parseOrError, validationError, type Parsed } from './validation.js';
