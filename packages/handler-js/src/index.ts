export {
  serve,
  type EndpointAnswer,
  type EndpointInput,
  type Handle,
  type Implementation,
  type Implementations,
} from './serve.js';
export { bytes, empty, json, text, type ModuleAnswer, type Reply, type ReplyInit } from './answer.js';
export { HandlerError, HostCallError, type HandlerErrorOptions } from './errors.js';
export { ExtRequest, type Capability, type CallContext } from './request.js';
export {
  kv,
  type KvCondition,
  type KvConflict,
  type KvDeleted,
  type KvEntry,
  type KvListOptions,
  type KvPage,
  type KvWritten,
} from './kv.js';
export { http, type FetchMethod, type FetchOptions, type FetchResult } from './http.js';
export { secrets } from './secrets.js';
export { user, type User } from './user.js';
export { log } from './log.js';
export type { HostFunction, LogLevelNumber, RunnerGlobal } from './runner-global.js';
export { defineContract, type Contract } from '@extsys/protocol/contract';
