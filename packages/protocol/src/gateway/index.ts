export { HANDLER_REQUEST_HEADERS, HANDLER_RESPONSE_HEADERS, HEADER, SERVICE_AUTH_SCHEME } from './headers.js';
export {
  ExtTokenClaims,
  ExtTokenRequest,
  ExtTokenResponse,
  IdempotencyKey,
  MAX_TOKEN_TTL_SECONDS,
  TOKEN_AUDIENCE,
  TOKEN_CLOCK_LEEWAY_SECONDS,
} from './token.js';
