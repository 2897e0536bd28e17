// Inside an engine worker: one js@1 call on the content hash's JsInstance (loaded on first use,
// kept in a small LRU, dropped when a call grew its memory past the snapshot).
import { encodeFrame, splitFrame } from '@extsys/protocol/execute/frame';
import type { JobHost } from '../job-host.js';
import type { RunJob, WorkerOutcome } from '../worker-protocol.js';
import { WASM_PAGE_BYTES } from '../wasm-page.js';
import { JS_INITIAL_PAGES, JsInstance, JsModuleInvalid } from './js-instance.js';

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Loaded modules kept per worker. Each costs ~2-3 MiB of RSS (its engine memory's touched pages,
 * the snapshot's non-zero pages, the engine glue's objects); a module not kept is loaded again on
 * its next call (~25-35 ms). Measured with bench:execute: 8 per worker took the runner from 200 to
 * 271 MB with 50 JS extensions called, 4 per worker from 193 to 239 MB.
 */
const MAX_INSTANCES = 4;
const instances = new Map<string, JsInstance>();
/**
 * Memory a content hash's calls needed beyond the default start: after a call grew the memory (and
 * so ended its instance), the next load starts that big, so a handler that always allocates more
 * than the default room does not reload on every call.
 */
const initialPagesOf = new Map<string, number>();

export async function runJsCall(
  job: RunJob,
  code: { source: string; filename: string },
  engine: WebAssembly.Module,
  host: JobHost,
): Promise<WorkerOutcome> {
  let instance = instances.get(job.contentHash);
  if (instance) {
    instances.delete(job.contentHash); // re-inserted below: most recently used last
  } else {
    try {
      instance = await JsInstance.load(engine, code.source, code.filename, {
        initial: initialPagesOf.get(job.contentHash) ?? JS_INITIAL_PAGES,
        cap: job.memory.maxPages,
      });
    } catch (error) {
      if (error instanceof JsModuleInvalid) return { kind: 'module_invalid', message: error.message };
      throw error;
    }
  }
  // The request as the handler reads it: the frame's JSON header, and the body bytes after it.
  const request = splitFrame(job.frame);
  if (!request.ok) throw new Error(`the pool sent a malformed frame: ${request.problem}`);
  const outcome = instance.call(host, decoder.decode(request.headerBytes), request.body, {
    capBytes: job.memory.maxPages * WASM_PAGE_BYTES,
    maxResponseBytes: job.limits.maxResponseBytes,
  });
  if (instance.reusable) {
    instances.set(job.contentHash, instance);
    if (instances.size > MAX_INSTANCES) instances.delete(instances.keys().next().value!);
  } else if (outcome.kind === 'ok') {
    initialPagesOf.set(job.contentHash, instance.pages);
    if (initialPagesOf.size > 256) initialPagesOf.delete(initialPagesOf.keys().next().value!);
  }
  if (outcome.kind === 'ok') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(outcome.header);
    } catch {
      return { kind: 'bad_response', message: 'handle() answered a "header" that is not JSON' };
    }
    return { kind: 'ok', frame: encodeFrame(parsed, outcome.body) };
  }
  return outcome;
}
