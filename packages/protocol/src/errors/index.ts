export { ERROR_CODES, ErrorCode, errorCodeInfo } from './codes.js';
export { ERROR_CODE_DESCRIPTIONS, ERROR_ENVELOPE_DESCRIPTIONS } from './code-descriptions.js';
export { ErrorDetails, ErrorEnvelope, ErrorResponse, errorEnvelope } from './envelope.js';
export { ProtocolError } from './protocol-error.js';
export { describeIssues, formatPath, parseOrError, validationError, type Parsed } from './validation.js';
