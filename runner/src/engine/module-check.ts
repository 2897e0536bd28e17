import { HANDLER_EXPORTS, RUNNER_IMPORTS } from '@extsys/protocol';
import { RunnerError } from '../errors.js';
import { WASM_PAGE_BYTES as PAGE_BYTES } from './wasm-page.js';
import { WasmBinaryError, findMemoryImport, type MemoryImport } from './wasm-memory-import.js';

/** The memory a handler module imports, as its binary declares it. */
export interface MemoryLimits {
  /** Pages (64 KiB) the module needs at least. */
  minPages: number;
  /** Pages the module allows at most, if it says. */
  maxPages: number | undefined;
}

function invalid(reason: string): RunnerError {
  return new RunnerError('module_invalid', `handler module refused: ${reason}`, { reason });
}

/** The memory import's limits, read from the binary (JS's Module.imports() does not expose them). */
function memoryImportLimits(bytes: Uint8Array): MemoryImport {
  let found: MemoryImport | undefined;
  try {
    found = findMemoryImport(bytes);
  } catch (error) {
    if (error instanceof WasmBinaryError) throw invalid(error.message);
    throw error;
  }
  if (!found) throw invalid('it does not import its memory as env.memory');
  return found;
}

/**
 * Checks a compiled module against runner ABI v1 before it may run: only `env.memory` and the
 * `runner` functions of RUNNER_IMPORTS are imported; `alloc`, `dealloc` and `handle` are
 * exported functions; the memory is 32-bit, not shared, and its minimum fits under the cap.
 * Throws `module_invalid` naming the first problem.
 */
export function checkHandlerModule(
  module: WebAssembly.Module,
  bytes: Uint8Array,
  maxMemoryPages: number,
): MemoryLimits {
  for (const imp of WebAssembly.Module.imports(module)) {
    const ok =
      (imp.module === 'env' && imp.name === 'memory' && imp.kind === 'memory') ||
      (imp.module === 'runner' && Object.hasOwn(RUNNER_IMPORTS, imp.name) && imp.kind === 'function');
    if (!ok) throw invalid(`it imports ${imp.kind} "${imp.module}.${imp.name}", which runner ABI v1 does not provide`);
  }
  const exports = new Map(WebAssembly.Module.exports(module).map((e) => [e.name, e.kind]));
  for (const name of HANDLER_EXPORTS) {
    if (exports.get(name) !== 'function') throw invalid(`it does not export the function "${name}"`);
  }
  if (exports.get('memory') === 'memory' && !WebAssembly.Module.imports(module).some((i) => i.kind === 'memory')) {
    throw invalid('it defines its own memory; a handler must import it as env.memory (asc --importMemory)');
  }
  const limits = memoryImportLimits(bytes);
  if (limits.memory64) throw invalid('it uses 64-bit memory (memory64), which the runner does not run');
  if (limits.shared) throw invalid('it imports shared memory, which handlers may not use');
  if (limits.minPages > maxMemoryPages) {
    throw invalid(
      `it needs at least ${(limits.minPages * PAGE_BYTES) / 2 ** 20} MiB of memory; the cap is ${(maxMemoryPages * PAGE_BYTES) / 2 ** 20} MiB`,
    );
  }
  return { minPages: limits.minPages, maxPages: limits.maxPages };
}
