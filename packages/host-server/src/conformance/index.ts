// `@extsys/host-server/conformance`: the conformance suite any host implementation of the
// extension gateway runs against its own server (see docs/packages/host-server.md#conformance-suite).
export { conformanceCases } from './cases.js';
export type {
  ConformanceCase,
  ConformanceInstall,
  ConformanceRequest,
  ConformanceResponse,
  ConformanceSender,
  ConformanceTarget,
} from './target.js';
export { httpSender } from './http-sender.js';
export { fetchHandlerSender, type FetchHandler } from './fetch-handler-sender.js';
export { startRecordingProxy, type RecordedRunnerCall, type RecordingProxy } from './recording-proxy.js';
export {
  CONFORMANCE_ENDPOINTS,
  CONFORMANCE_HANDLER_MODULE,
  HOSTILE_RESPONSE_HEADERS,
  conformanceExtension,
  writeConformanceExtension,
  type HeadersAnswer,
} from './fixture.js';
export { forgeToken, foreignKey, tamper, unsignedToken, validToken, type ForgeOptions } from './forge.js';
export { ConformanceFailure } from './expect.js';
