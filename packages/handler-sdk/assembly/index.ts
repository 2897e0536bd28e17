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
export { decodeUtf8 } from './utf8';
export { decodeFrame, encodeFrame, frameProblem, DecodedFrame } from './frame';
export { handlerAbort, handlerSeed, handlerTrace } from './abort';
