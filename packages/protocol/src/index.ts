export * from './primitives/index.js';
export * from './errors/index.js';
export * from './theme/index.js';
export * from './manifest/index.js';
export * from './bridge/index.js';
export * from './host-methods/index.js';
export * from './execute/index.js';
export * from './gateway/index.js';
