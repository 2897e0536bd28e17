export { HostServerError } from './errors.js';
export {
  createExtensionTokens,
  type ExpectedToken,
  type ExtensionTokens,
  type ExtensionTokensOptions,
  type TokenSubject,
} from './tokens/extension-tokens.js';
export { generateExtensionTokenKey, type ExtensionTokenKey } from './tokens/keys.js';
export { memoryTokenCache, type TokenCache } from './tokens/token-cache.js';
export {
  createExtensionGateway,
  type ExtensionGateway,
  type ExtensionGatewayOptions,
} from './gateway/extension-gateway.js';
export type { ExtAnswer, ExtExchange, HandleContext } from './gateway/exchange.js';
export type { ExtensionInstall, HandlerUser, ResolveInstall } from './gateway/install.js';
export type { AuditEvent, AuditSink, AuditSubject } from './gateway/audit.js';
export { DEFAULT_LIMITS, type GatewayLimits } from './gateway/limits.js';
export {
  DEFAULT_RATE_LIMIT,
  memoryRateLimit,
  type RateLimitDecision,
  type RateLimitStore,
  type TokenBucketOptions,
} from './gateway/rate-limit.js';
export { CORS_REQUEST_HEADERS, EXT_API_METHODS } from './gateway/cors.js';
