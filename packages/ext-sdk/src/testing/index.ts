export {
  createMockHost,
  type MockApiResponse,
  type MockHost,
  type MockHostCall,
  type MockHostOptions,
} from './mock-host.js';
export { createMessengerPair } from './messenger-pair.js';
