import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

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
  return WebAssembly.compile(bytes);
}

/** Rewrites the memory import's minimum to 1 page in place; throws if the binary is not as expected. */
export function lowerMemoryMinimum(bytes: Uint8Array): void {
  let offset = 8;
  const leb = () => {
    let value = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = bytes[offset++]!;
      value += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return value;
    }
  };
  const skipName = () => {
    const length = leb();
    offset += length;
  };
  while (offset < bytes.length) {
    const id = bytes[offset++]!;
    const size = leb();
    const end = offset + size;
    if (id !== 2) {
      offset = end;
      continue;
    }
    for (let count = leb(), i = 0; i < count; i++) {
      skipName();
      skipName();
      const kind = bytes[offset++]!;
      if (kind === 0) leb();
      else if (kind === 1) {
        offset++;
        const flags = bytes[offset++]!;
        leb();
        if (flags & 1) leb();
      } else if (kind === 3) offset += 2;
      else if (kind === 2) {
        offset++; // flags
        const start = offset;
        leb();
        const width = offset - start;
        // The same number of bytes, so no offset in the binary moves: 1 then zero-value continuations.
        for (let i = 0; i < width; i++) bytes[start + i] = i === width - 1 ? 0 : 0x80 | (i === 0 ? 1 : 0);
        return;
      } else throw new Error(`the QuickJS wasm has an unknown import kind ${kind}`);
    }
    offset = end;
  }
  throw new Error('the QuickJS wasm imports no memory');
}
