export {
  CAPABILITIES,
  Capability,
  HOST_FEATURES,
  HostFeature,
  SANDBOX_FEATURES,
  SandboxFeature,
  uniqueList,
} from './capabilities.js';
export {
  Manifest,
  ManifestApi,
  ManifestEndpoint,
  ManifestUi,
  RUNTIMES,
  manifestTitle,
  type ManifestInput,
} from './manifest.js';
