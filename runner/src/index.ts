export { loadConfig, ConfigError, type RunnerConfig } from './config.js';
export { createRunner, type Runner, type RunnerHooks } from './server.js';
export { storeKeys, type BundleStore, type StoredBundle } from './bundles/store.js';
export { BundleCache, type LoadedBundle } from './bundles/cache.js';
export { RunnerError } from './errors.js';
