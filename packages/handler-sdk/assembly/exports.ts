// The three exports of runner ABI v1. An author's entry file re-exports them:
//   export { alloc, dealloc, handle } from "@extsys/handler-sdk";
import { JSON } from 'json-as';
import { randomSeed } from './abort';
import { decodeFrame, encodeFrame, frameProblem } from './frame';
import { HandlerRequest, Request } from './request';
import { Response } from './response';
import { app } from './router';

/**
 * Allocates `len` bytes the caller may write into (the runner writes the request frame and every
 * host-call result this way). Unmanaged memory: the GC never moves or frees it. May grow memory.
 */
export function alloc(len: i32): i32 {
  return <i32>heap.alloc(<usize>(len > 0 ? len : 1));
}

/** Frees a buffer from `alloc` (or the response frame). */
export function dealloc(ptr: i32, len: i32): void {
  if (ptr != 0) heap.free(<usize>ptr);
}

function seedFrom(text: string): f64 {
  let h: u32 = 2166136261;
  for (let i = 0; i < text.length; i++) h = (h ^ (<u32>text.charCodeAt(i))) * 16777619;
  return <f64>h;
}

/** Handles one request frame and answers the response frame as (ptr << 32) | len. */
export function handle(ptr: i32, len: i32): i64 {
  const problem = frameProblem(<usize>ptr, <usize>len);
  if (problem !== null) abort(problem);
  const frame = decodeFrame(<usize>ptr, <usize>len);
  heap.free(<usize>ptr); // the request frame is ours once `handle` is called
  const header = JSON.parse<HandlerRequest>(frame.header);
  if (header.abi != 1) abort('unsupported runner ABI version ' + header.abi.toString());
  randomSeed = seedFrom(header.context.requestId);
  const req = new Request(header, frame.body);
  const res: Response = app.dispatch(req);
  return encodeFrame(res.headerJson(), res.body);
}
