// The mock host lives with the host bridge (it drives the host bridge's own session); this entry
// re-exports it. Only this testing entry imports the host bridge: the SDK's runtime entries
// (`.`, `./react`, `./contract`) never do.
export {
  createMemoryViewStateStore,
  createMessengerPair,
  createMockHost,
  type MockApiResponse,
  type MockHost,
  type MockHostCall,
  type MockHostOptions,
  type ViewStateKey,
  type ViewStateStore,
} from '@extsys/host-bridge/testing';
