export { loadConfig, ConfigError, type GatewayConfig } from './config.js';
export { createGateway, type Gateway } from './server.js';
export { matchEndpoint } from './endpoint-match.js';
export { BUNDLE_CONTENT_TYPE } from './routes/admin.js';
