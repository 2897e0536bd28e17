// An engine worker: runs one call at a time, of either runtime — wasm@1 (a fresh instance of the
// handler module per call, wasm-call.ts) or js@1 (the module's QuickJS instance reset to its
// snapshot after each call, js/js-call.ts) — relaying host calls to the main thread (job-host.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { JobHost } from './job-host.js';
import { runWasmCall } from './wasm-call.js';
import type { HandlerCode, JobDone, RunJob, WorkerInit, WorkerOutcome } from './worker-protocol.js';

const init = workerData as WorkerInit;
const relay = { control: new Int32Array(init.control), data: new Uint8Array(init.data) };
/** Code by content hash, as the pool sent it the first time (it sends it once per worker). */
const codes = new Map<string, HandlerCode>();
const MAX_CODES = 64;

async function run(job: RunJob): Promise<JobDone> {
  if (job.code) {
    codes.set(job.contentHash, job.code);
    if (codes.size > MAX_CODES) codes.delete(codes.keys().next().value!);
  }
  const code = codes.get(job.contentHash);
  if (!code) throw new Error(`worker has no code for ${job.contentHash}`);
  const host = new JobHost(job, relay, init.logLevels);
  let outcome: WorkerOutcome;
  if (code.runtime === 'wasm@1') outcome = runWasmCall(job, code.module, host);
  else if (!init.jsEngine) outcome = { kind: 'trap', message: 'this runner was started without its JavaScript engine' };
  else {
    const { runJsCall } = await import('./js/js-call.js');
    outcome = await runJsCall(job, code, init.jsEngine, host);
  }
  return host.done(outcome);
}

parentPort!.postMessage({ type: 'ready' });
// One call at a time: the pool sends the next job only after this one's answer.
parentPort!.on('message', (job: RunJob) => {
  void run(job).then((done) => {
    const transfer = done.outcome.kind === 'ok' ? [done.outcome.frame.buffer as ArrayBuffer] : [];
    parentPort!.postMessage(done, transfer);
  });
});
