export {
  startStack,
  DEFAULT_EXTENSIONS,
  DEFAULT_TENANTS,
  type PublishOptions,
  type PublishedVersion,
  type Stack,
  type StackOptions,
} from './stack.js';
export { StackError, isStackError, type StackErrorCode } from './errors.js';
export { type ServiceName } from './service-process.js';
export { type Quote } from './quote-api.js';
export {
  runKeyedLoad,
  type FaultTarget,
  type KeyedCallOutcome,
  type KeyedLoadOptions,
  type KeyedLoadReport,
} from './keyed-load.js';
export { layoutOf, type DataDirLayout } from './data-dir.js';
