import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { findMemoryImport } from '../wasm-memory-import.js';
import { JS_INITIAL_PAGES, JsInstance } from './js-instance.js';

const require = createRequire(import.meta.url);

/**
 * The QuickJS engine's own wasm (`@jitl/quickjs-wasmfile-release-sync`), compiled once per process
 * and handed to every engine worker (a WebAssembly.Module crosses threads without recompiling).
 *
 * One change to the binary: its memory import declares a minimum of 256 pages (Emscripten's 16 MiB
 * default), which makes every instance's memory 16 MiB from the start. The runner resets a js@1
 * instance after each call by copying its memory snapshot back, so the memory must be only as big as
 * the engine really uses: the minimum is rewritten to 1 page (same byte length, a padded LEB128) and
 * the runner creates the memory at the size it needs; the engine grows it as it allocates.
 */
export async function compileQuickJsWasm(): Promise<WebAssembly.Module> {
  const packageDir = dirname(require.resolve('@jitl/quickjs-wasmfile-release-sync/package.json'));
  const bytes = new Uint8Array(await readFile(join(packageDir, 'dist/emscripten-module.wasm')));
  lowerMemoryMinimum(bytes);
  const engine = await WebAssembly.compile(bytes);
  // V8 compiles a wasm function the first time it runs, and that code belongs to the module, which
  // every worker shares: one throwaway load here, at start, spares each worker's first js@1 call the
  // compile of QuickJS's parser and interpreter (measured: a worker's first load 50-200 ms before,
  // ~25 ms after; warming in each worker instead cost ~11 MB of RSS per worker).
  await JsInstance.load(engine, 'export function handle() { return { header: "{}" }; }', 'extsys:warm-up', {
    initial: JS_INITIAL_PAGES,
    cap: 16,
  });
  return engine;
}

/** Rewrites the memory import's minimum to 1 page in place; throws if the binary is not as expected. */
export function lowerMemoryMinimum(bytes: Uint8Array): void {
  const memory = findMemoryImport(bytes);
  if (!memory) throw new Error('the QuickJS wasm imports no memory');
  // The same number of bytes, so no offset in the binary moves: 1, then zero-valued continuations.
  for (let i = 0; i < memory.minLength; i++) {
    const last = i === memory.minLength - 1;
    bytes[memory.minOffset + i] = (i === 0 ? 1 : 0) | (last ? 0 : 0x80);
  }
}
