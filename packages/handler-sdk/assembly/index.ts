// json-as 1.6.0 allocates a 1 MiB string-cache arena at start even with the cache disabled
// (sc.arena sizes itself from JSON_CACHE_SIZE, default 1 MiB). Every invocation is a fresh
// instance, so that arena cost ~0.9 ms per call; the smallest size makes it 128 bytes.
@global export const JSON_CACHE_SIZE: usize = 128;

// @extsys/handler-sdk: write extsys handlers in AssemblyScript against runner ABI v1.
//
//   import { app, Request, Response, kv, log } from "@extsys/handler-sdk";
//   export { alloc, dealloc, handle } from "@extsys/handler-sdk";
//   app.get("/hello/:name", (req: Request): Response => Response.text(200, "hi " + req.param("name")));
export { JSON } from 'json-as';
export { alloc, dealloc, handle } from './exports';
export { Context, HandlerRequest, HttpInfo, Request, RouteInfo } from './request';
export { Response } from './response';
export { app, Handler, Router } from './router';
export {
  FetchOptions,
  FetchResult,
  FetchValue,
  HostError,
  Kv,
  KvDeleteResult,
  KvEntry,
  KvGetResult,
  KvListResult,
  KvPage,
  KvPutResult,
  SecretResult,
  User,
  UserResult,
  http,
  kv,
  log,
  secrets,
  user,
} from './host';
export { JsonObject, quote, stringMapJson } from './json';
export { decodeFrame, encodeFrame, frameProblem, DecodedFrame } from './frame';
export { handlerAbort, handlerSeed, handlerTrace } from './abort';
