export { FORBIDDEN_KEYS, boundedText, safeRecord, uniqueList } from './schema-builders.js';
export { CHECKS, check, checkOf, type CheckName } from './checks.js';
export {
  CONTENT_HASH_PATTERN,
  ContentHash,
  UiHash,
  EXTENSION_ID_PATTERN,
  ExtensionId,
  InstallId,
  MountNonce,
  RequestId,
  SEMVER_PATTERN,
  SemVer,
  TenantId,
  UserId,
} from './ids.js';
export { ApiPath, HttpUrl, Origin, apiPathProblem, isHttpUrl, originProblem } from './paths.js';
export { BundlePath, bundlePathProblem } from './bundle-path.js';
export { InstallConfig, InstallSecrets, SettingKey } from './install-settings.js';
export { FinalHttpStatus, HTTP_METHODS, HeaderMap, HeaderName, HeaderValue, HttpMethod, HttpStatus } from './http.js';
