export { CAPABILITIES, Capability, SANDBOX_FEATURES, SandboxFeature } from './capabilities.js';
export { ENDPOINT_PATH_PATTERN, EndpointPath } from './endpoint-path.js';
export { matchEndpoint, type EndpointMatch } from './endpoint-match.js';
export {
  Manifest,
  ManifestApi,
  ManifestEndpoint,
  RUNTIMES,
  MODULE_EXTENSIONS,
  type ManifestInput,
} from './manifest.js';
export { ManifestUi } from './ui.js';
export {
  MAX_ENTRY_POINTS,
  ManifestEntryPoint,
  ManifestEntryPoints,
  entryPointsOf,
  type EntryPoint,
  type EntryPointSource,
} from './entry-points.js';
export { manifestTitle } from './title.js';
