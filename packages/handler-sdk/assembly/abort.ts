// Replacements for AssemblyScript's `env.abort`, `env.trace` and `env.seed` imports, wired with
// `--use abort=... --use trace=... --use seed=...` (see asconfig.base.json), so that a module
// imports only `env.memory` and `runner.*`. An abort logs one `error` line through `runner.log`
// and then traps (`unreachable`): the runner reports `handler_trap`.
import { runner_log } from './runner';

// A static buffer: an abort may come from an allocation failure, so it must not allocate.
const ABORT_BUFFER_SIZE: usize = 1024;

/** Appends `text` (ASCII, anything else as "?") at `at` in the abort buffer; answers the new length. */
function put(buffer: usize, at: usize, text: string | null): usize {
  if (text === null) return at;
  const s = changetype<string>(text);
  for (let i = 0; i < s.length && at < ABORT_BUFFER_SIZE; i++) {
    const c = s.charCodeAt(i);
    store<u8>(buffer + at++, c < 0x20 || c > 0x7e ? 0x3f : <u8>c);
  }
  return at;
}

function putNumber(buffer: usize, at: usize, n: u32): usize {
  let digits: u32 = 1;
  for (let v = n; v >= 10; v /= 10) digits *= 10;
  for (; digits > 0 && at < ABORT_BUFFER_SIZE; digits /= 10) {
    store<u8>(buffer + at++, <u8>(0x30 + ((n / digits) % 10)));
  }
  return at;
}

export function handlerAbort(
  message: string | null = null,
  fileName: string | null = null,
  line: u32 = 0,
  column: u32 = 0,
): void {
  const buffer = memory.data(<i32>ABORT_BUFFER_SIZE);
  let at = put(buffer, 0, 'abort: ');
  at = put(buffer, at, message !== null ? message : '(no message)');
  if (fileName !== null) {
    at = put(buffer, at, ' at ');
    at = put(buffer, at, fileName);
    at = put(buffer, at, ':');
    at = putNumber(buffer, at, line);
    at = put(buffer, at, ':');
    at = putNumber(buffer, at, column);
  }
  runner_log(3, buffer, at);
  unreachable();
}

/** `trace()` goes to the runner's log at debug level. */
export function handlerTrace(
  message: string,
  n: i32 = 0,
  a0: f64 = 0,
  a1: f64 = 0,
  a2: f64 = 0,
  a3: f64 = 0,
  a4: f64 = 0,
): void {
  let line = 'trace: ' + message;
  if (n > 0) line += ' ' + a0.toString();
  if (n > 1) line += ' ' + a1.toString();
  if (n > 2) line += ' ' + a2.toString();
  if (n > 3) line += ' ' + a3.toString();
  if (n > 4) line += ' ' + a4.toString();
  const buf = String.UTF8.encode(line);
  runner_log(0, changetype<usize>(buf), <usize>buf.byteLength);
}

/** Seed of `Math.random`: derived from the request id (not cryptographic; there is no host entropy). */
export let randomSeed: f64 = 42;
export function handlerSeed(): f64 {
  return randomSeed;
}
