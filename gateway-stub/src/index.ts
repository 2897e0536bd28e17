export { loadConfig, ConfigError, type GatewayConfig } from './config.js';
export { createGateway, type Gateway } from './server.js';
export { matchEndpoint } from './endpoint-match.js';
