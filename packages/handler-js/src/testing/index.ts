export {
  createFakeRunner,
  installFakeRunner,
  type FakeFetchAnswer,
  type FakeFetchRequest,
  type FakeLogLine,
  type FakeRunner,
  type FakeRunnerOptions,
} from './fake-runner.js';
export { callHandle, handlerRequestJson, type HandleFunction, type TestAnswer, type TestCall } from './call-handle.js';
