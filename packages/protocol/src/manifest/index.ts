export { CAPABILITIES, Capability, SANDBOX_FEATURES, SandboxFeature } from './capabilities.js';
export { ENDPOINT_PATH_PATTERN, EndpointPath } from './endpoint-path.js';
export { matchEndpoint, type EndpointMatch } from './endpoint-match.js';
export {
  Manifest,
  ManifestApi,
  ManifestEndpoint,
  ManifestUi,
  RUNTIMES,
  MODULE_EXTENSIONS,
  manifestTitle,
  type ManifestInput,
} from './manifest.js';
