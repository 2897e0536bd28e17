// json-as 1.6.0's 1 MiB start-up cache arena (it made every fresh instance ~0.6-0.9 ms slower) is
// shrunk to 128 bytes by the SDK's transform (transform.mjs registers JSON_CACHE_SIZE at compile
// time). Do NOT add `@global export const JSON_CACHE_SIZE` here instead: such a global breaks the
// build of every handler that declares a `@json` class ("TS2448: used before its declaration").

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
export { checkJson, JsonResult, JSON_DEFAULT_DEPTH, JSON_MAX_DEPTH, parseJson } from './check';
export { decodeUtf8 } from './utf8';
export { decodeFrame, encodeFrame, frameProblem, DecodedFrame } from './frame';
export { handlerAbort, handlerSeed, handlerTrace } from './abort';
