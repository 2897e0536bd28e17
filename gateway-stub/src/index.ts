export { loadConfig, ConfigError, type GatewayConfig } from './config.js';
export { createGateway, type Gateway, type GatewayHooks } from './server.js';
export { DEFAULT_LOGIN_LIMITS, type LoginLimitOptions } from './state/login-attempt-store.js';
