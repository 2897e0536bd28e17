// The host bridge's testing entry (`@extsys/host-bridge/testing`), re-exported by
// `@extsys/ext-sdk/testing`: an in-process host for extension authors' unit tests.
export { createMockHost } from './mock-host.js';
export type { MockApiResponse, MockHost, MockHostCall, MockHostOptions, MockTransport } from './mock-host-types.js';
export { createMessengerPair } from './messenger-pair.js';
export { createMemoryViewStateStore, type ViewStateKey, type ViewStateStore } from '../session/view-state.js';
