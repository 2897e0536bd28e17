export { FORBIDDEN_KEYS, boundedText, safeRecord } from './text.js';
export {
  CONTENT_HASH_PATTERN,
  ContentHash,
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
export {
  ApiPath,
  BundlePath,
  ENDPOINT_PATH_PATTERN,
  EndpointPath,
  HttpUrl,
  Origin,
  apiPathProblem,
  bundlePathProblem,
  originProblem,
} from './paths.js';
export { HTTP_METHODS, HeaderMap, HeaderName, HeaderValue, HttpMethod, HttpStatus } from './http.js';
