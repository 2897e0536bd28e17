// The runner ABI v1 host functions (imported from the `runner` namespace). Only the ones a module
// actually calls end up in its import section. Pointers and lengths are i32 (wasm32); every
// function but `log` takes UTF-8 JSON args and answers (resultPtr << 32 | resultLength), a
// buffer the runner allocated through our exported `alloc` and that we free with `heap.free`.

// @ts-ignore: decorator
@external("runner", "log")
export declare function runner_log(level: i32, ptr: usize, len: usize): void;
// @ts-ignore: decorator
@external("runner", "kv_get")
export declare function runner_kv_get(ptr: usize, len: usize): i64;
// @ts-ignore: decorator
@external("runner", "kv_put")
export declare function runner_kv_put(ptr: usize, len: usize): i64;
// @ts-ignore: decorator
@external("runner", "kv_delete")
export declare function runner_kv_delete(ptr: usize, len: usize): i64;
// @ts-ignore: decorator
@external("runner", "kv_list")
export declare function runner_kv_list(ptr: usize, len: usize): i64;
// @ts-ignore: decorator
@external("runner", "secret_get")
export declare function runner_secret_get(ptr: usize, len: usize): i64;
// @ts-ignore: decorator
@external("runner", "http_fetch")
export declare function runner_http_fetch(ptr: usize, len: usize): i64;
// @ts-ignore: decorator
@external("runner", "user_get")
export declare function runner_user_get(ptr: usize, len: usize): i64;

/** Decodes a host call's answer (UTF-8 JSON) and frees the buffer the runner wrote it into. */
export function takeResult(packed: i64): string {
  const ptr = <usize>(<u64>packed >>> 32);
  const len = <usize>(<u64>packed & 0xffffffff);
  if (ptr == 0) return "";
  const text = String.UTF8.decodeUnsafe(ptr, len);
  heap.free(ptr);
  return text;
}
