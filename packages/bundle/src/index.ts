export { BundleError, isBundleError } from './errors.js';
export { DEFAULT_LIMITS, resolveLimits, type BundleLimits } from './limits.js';
export { archivePathProblem, readArchive, writeArchive, type ArchiveEntry } from './archive.js';
export { assertBundleHash, hashBundle, parseContentHash } from './hash.js';
export { uiHashOf } from './ui-hash.js';
export { MANIFEST_PATH, parseManifest } from './manifest.js';
export { collectSourceFiles, type SourceFile } from './collect.js';
export { bundleFileName, packBundle, type PackedBundle, type PackOptions } from './pack.js';
export { readBundle, type Bundle, type BundleFile } from './read.js';
export { extractBundle, type ExtractOptions } from './extract.js';
export {
  generateSigningKey,
  loadSigningKey,
  parseSignature,
  serializeSignature,
  SIGNATURE_FORMAT,
  SignatureFile,
  signaturePathFor,
  signBundle,
  signedMessage,
  type BundleSignature,
  type GeneratedKey,
} from './sign.js';
export {
  keyIdOf,
  loadTrustBundle,
  parseTrustBundle,
  publicKeyText,
  TRUST_BUNDLE_FORMAT,
  TrustBundleFile,
  trustBundleFile,
  type TrustBundle,
  type TrustedKey,
} from './trust.js';
export { verifyBundle, type VerifiedBundle } from './verify.js';
export { type Progress } from './progress.js';
export { storeKeys } from './store-layout.js';
export { writeToStoreFolder } from './store-folder.js';
export { buildHandler, HANDLER_TARGET, type BuildHandlerOptions, type BuiltHandler } from './build-handler.js';
export { loadJsModule, type LoadJsModuleOptions } from './js-module.js';
export {
  assertManifestMatchesContract,
  contractMismatches,
  readHandlerContract,
  type HandlerRoute,
} from './handler-contract.js';
export { BUNDLE_COMMAND_HELP, BUNDLE_COMMANDS, BundleUsageError } from './cli-commands.js';
export { formatBytes } from './limits.js';
