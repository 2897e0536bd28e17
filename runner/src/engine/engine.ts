import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  HandlerResponse,
  RUNNER_ABI_VERSION,
  decodeFrame,
  encodeFrame,
  parseOrError,
  type Capability,
  type ExecuteRequest,
  type ExecuteResponse,
  type HandlerRequest,
} from '@extsys/protocol';
import { LRUCache } from 'lru-cache';
import type { LoadedBundle } from '../bundles/cache.js';
import type { EgressFetcher } from '../capabilities/egress.js';
import { hostCallHandler } from '../capabilities/host-calls.js';
import { KvCommitConflict, KvError, kvNamespace, type KvStore } from '../state/kv-store.js';
import { KvTransaction } from '../capabilities/kv-transaction.js';
import type { NamespaceLocks } from '../capabilities/namespace-lock.js';
import { RunnerError } from '../errors.js';
import type { RunnerMetrics } from '../metrics.js';
import { IdempotencyKeyTaken, type CallCommitter } from '../state/call-commit.js';
import type { IdempotencyRecord, StoredAnswer } from '../state/idempotency.js';
import { checkHandlerModule, type MemoryLimits } from './module-check.js';
import { WASM_PAGE_BYTES } from './wasm-page.js';
import type { WorkerPool } from './pool.js';
import type { HandlerCode, WorkerOutcome } from './worker-protocol.js';
import { HandlerSourceMap } from './js/stack-map.js';

export interface EngineLimits {
  /** Runner-wide ceiling of any deadline. */
  maxTimeoutMs: number;
  /** Runner-wide memory cap of one invocation. */
  maxMemoryMb: number;
  maxResponseBytes: number;
  maxLogBytes: number;
}

interface CompiledModule {
  code: HandlerCode;
  /** js@1: the module's source map, when the bundle has one (maps a thrown error's stack for the log). */
  sourceMap?: HandlerSourceMap | undefined;
  /** wasm@1: the module's declared memory; js@1: none (the engine's memory is the runner's). */
  memory: MemoryLimits;
}

/** The largest js@1 module the runner loads (one bundled ES module; a handler with zod is ~50 KB). */
const MAX_JS_MODULE_BYTES = 4 * 2 ** 20;

export interface Executed {
  response: ExecuteResponse;
  body: Uint8Array;
}

/** How a call that ran is answered and, when it has an idempotency key, remembered. */
export interface Settlement {
  /** The answer to send (and to store): the caller masks and logs the handler's lines here. */
  answer: (executed: Executed) => StoredAnswer;
  /** The idempotency record to commit with the call's writes. */
  remember?: ((answer: StoredAnswer) => IdempotencyRecord) | undefined;
}

/** What every run of one call shares: checked once, before the first run. */
interface PreparedCall {
  header: HandlerRequest;
  body: Uint8Array;
  bundle: LoadedBundle;
  code: HandlerCode;
  sourceMap: HandlerSourceMap | undefined;
  granted: Set<Capability>;
  allowedOrigins: Set<string>;
  deadlineAt: number;
  timeoutMs: number;
  memory: { initialPages: number; maxPages: number };
}

/**
 * How many times a call whose KV writes lost a race with a concurrent call runs before it is refused
 * with `conflict`. Each run starts from the store as it is then, so a second run rarely loses. Within
 * one process the namespace lock orders writers; replicas on one database race at commit instead.
 * Measured 2026-12-08, two runners on one PostgreSQL incrementing one counter (300 calls, 30 at a
 * time, 2 cores): with 5 attempts and no back-off 1–2 calls were refused `conflict`; with 8 and the
 * jittered back-off below, none in 8 runs.
 */
export const MAX_COMMIT_ATTEMPTS = 8;

/**
 * Before a call runs again after losing a commit race, it waits a random time up to this, doubled at
 * each attempt (and never past half of what is left of its deadline). Two replicas whose writers of
 * one hot key collide would otherwise tend to collide again in step; the jitter spreads them apart.
 * Within one process the namespace lock already orders writers, so this only matters across replicas.
 */
const COMMIT_BACKOFF_MS = 4;

/**
 * Runs one `/v1/execute` request against a verified bundle: checks the route against the manifest,
 * compiles the module once per content hash (checked against runner ABI v1), intersects grants and
 * egress with the manifest, and runs a fresh instance in the worker pool under the deadline and
 * memory cap. Failures are RunnerErrors with the protocol code (`timeout`, `memory_exceeded`,
 * `handler_trap`, `module_invalid`, `response_too_large`, `overloaded`...).
 */
export class Engine {
  private readonly modules = new LRUCache<string, Promise<CompiledModule>>({ max: 256 });

  constructor(
    private readonly deps: {
      pool: WorkerPool;
      kv: KvStore;
      commits: CallCommitter;
      locks: NamespaceLocks;
      egress: EgressFetcher;
      limits: EngineLimits;
      metrics?: RunnerMetrics;
    },
  ) {}

  private compiled(bundle: LoadedBundle, modulePath: string): Promise<CompiledModule> {
    const cached = this.modules.get(bundle.contentHash);
    if (cached) {
      this.deps.metrics?.moduleCache.inc({ result: 'hit' });
      return cached;
    }
    this.deps.metrics?.moduleCache.inc({ result: 'miss' });
    const maxPages = Math.floor((this.deps.limits.maxMemoryMb * 2 ** 20) / WASM_PAGE_BYTES);
    const compiling = (async (): Promise<CompiledModule> => {
      const bytes = await readFile(join(bundle.dir, ...modulePath.split('/')));
      if (bundle.manifest.runtime === 'js@1') {
        const mapPath = join(bundle.dir, ...`${modulePath}.map`.split('/'));
        const mapText = await readFile(mapPath, 'utf8').catch(() => undefined);
        return {
          code: jsCode(bytes, modulePath),
          memory: { minPages: 0, maxPages: undefined },
          sourceMap: mapText === undefined ? undefined : new HandlerSourceMap(modulePath, mapText),
        };
      }
      let module: WebAssembly.Module;
      try {
        module = await WebAssembly.compile(bytes);
      } catch (error) {
        throw new RunnerError(
          'module_invalid',
          `handler module refused: it does not compile (${(error as Error).message})`,
        );
      }
      return { code: { runtime: 'wasm@1', module }, memory: checkHandlerModule(module, bytes, maxPages) };
    })();
    // A module that fails its checks is not cached: the same bytes would fail again, but cheaply.
    compiling.catch(() => this.modules.delete(bundle.contentHash));
    this.modules.set(bundle.contentHash, compiling);
    return compiling;
  }

  /**
   * Runs the call and commits what it wrote together with its idempotency record; runs it again
   * (up to MAX_COMMIT_ATTEMPTS, within its deadline) when a concurrent call changed a key it wrote.
   * A call that fails (trap, timeout, memory) commits nothing.
   */
  async execute(
    request: ExecuteRequest,
    body: Uint8Array,
    bundle: LoadedBundle,
    settlement: Settlement,
  ): Promise<StoredAnswer> {
    const { manifest } = bundle;
    const { context, route } = request;
    if (manifest.name !== context.extensionId) {
      throw new RunnerError(
        'extension_mismatch',
        `bundle ${bundle.contentHash} belongs to ${manifest.name}, not ${context.extensionId}`,
      );
    }
    if (manifest.version !== context.version) {
      throw new RunnerError(
        'bad_request',
        `bundle ${bundle.contentHash} is version ${manifest.version}, not ${context.version}`,
      );
    }
    const endpoint = manifest.api?.endpoints.find((e) => e.method === request.http.method && e.path === route.pattern);
    if (!manifest.api || !endpoint) {
      throw new RunnerError(
        'endpoint_not_found',
        `${manifest.name} declares no endpoint ${request.http.method} ${route.pattern}`,
      );
    }
    const { code, memory, sourceMap } = await this.compiled(bundle, manifest.api.module);

    const { limits } = this.deps;
    const timeoutMs = Math.min(request.limits.timeoutMs, endpoint.timeoutMs ?? Infinity, limits.maxTimeoutMs);
    const capPages = Math.floor(
      (Math.min(request.limits.memoryMb ?? limits.maxMemoryMb, limits.maxMemoryMb) * 2 ** 20) / WASM_PAGE_BYTES,
    );
    const maxPages = Math.min(capPages, memory.maxPages ?? capPages);
    if (memory.minPages > maxPages) {
      throw new RunnerError(
        'memory_exceeded',
        `the handler needs ${memory.minPages} pages of memory; this call allows ${maxPages}`,
      );
    }
    const granted = new Set<Capability>(request.grants.filter((c) => manifest.capabilities.includes(c)));
    const allowedOrigins = new Set(request.egress.filter((o) => manifest.http?.allow.includes(o)));
    const deadlineAt = Date.now() + timeoutMs;

    const header: HandlerRequest = {
      abi: RUNNER_ABI_VERSION,
      context: {
        requestId: context.requestId,
        tenantId: context.tenantId,
        extensionId: context.extensionId,
        installId: context.installId,
        version: context.version,
      },
      route,
      http: request.http,
      config: request.config,
      grants: [...granted],
    };
    const ns = kvNamespace(context.tenantId, context.extensionId);
    const run: PreparedCall = {
      header,
      body,
      bundle,
      code,
      sourceMap,
      granted,
      allowedOrigins,
      deadlineAt,
      timeoutMs,
      memory: { initialPages: memory.minPages, maxPages },
    };
    for (let attempt = 1; ; attempt++) {
      if (attempt > 1) await commitBackoff(attempt, deadlineAt);
      const writes = new KvTransaction(this.deps.kv, ns, this.deps.locks);
      try {
        const executed = await this.runOnce(request, run, writes);
        const answer = settlement.answer(executed);
        await this.deps.commits.commit(writes.ns, writes.writes(), settlement.remember?.(answer)).catch(commitFailure);
        return answer;
      } catch (error) {
        if (error instanceof KvError) throw new RunnerError(error.code, `${error.message}; nothing was written`);
        if (!(error instanceof KvCommitConflict)) throw error;
        if (attempt >= MAX_COMMIT_ATTEMPTS || Date.now() >= deadlineAt) {
          throw new RunnerError(
            'conflict',
            `the call's storage writes collided with concurrent calls ${attempt} times (last on ${JSON.stringify(error.key)}); nothing was written: retry`,
          );
        }
        this.deps.metrics?.commitRetries.inc();
      } finally {
        writes.close();
      }
    }
  }

  /** One run of the handler in the pool, its KV calls going to `writes`. */
  private async runOnce(request: ExecuteRequest, run: PreparedCall, writes: KvTransaction): Promise<Executed> {
    const { context } = request;
    const { limits } = this.deps;
    const { timeoutMs, deadlineAt } = run;
    const onHostCall = hostCallHandler(
      {
        grants: run.granted,
        secrets: request.secrets,
        user: request.user,
        egress: run.allowedOrigins,
        deadlineAt,
      },
      { kv: writes, egress: this.deps.egress },
    );
    const result = await this.deps.pool.run(
      context.tenantId,
      {
        contentHash: run.bundle.contentHash,
        memory: run.memory,
        frame: encodeFrame(run.header, run.body),
        grants: [...run.granted],
        limits: { maxResponseBytes: limits.maxResponseBytes, maxLogBytes: limits.maxLogBytes },
        deadlineAt,
      },
      run.code,
      onHostCall,
    );
    if (result.type === 'crashed') {
      throw new RunnerError('internal', `the engine worker crashed while running the handler: ${result.message}`);
    }
    if (result.type === 'queue_timeout') {
      throw new RunnerError(
        'queue_timeout',
        `no engine worker was free for this call within its ${timeoutMs} ms deadline; the handler never ran`,
        { timeoutMs },
      );
    }
    // The pool stopped the worker at the deadline (what it had logged went with the worker).
    if (result.type === 'timeout') throw timedOut(timeoutMs);
    const { outcome } = result;
    if (outcome.kind !== 'ok') {
      // What it logged before it failed goes with the refusal, for its invocation event.
      throw failure(outcome, timeoutMs, run.sourceMap).withHandlerLogs({
        logs: result.logs,
        logsTruncated: result.logsTruncated,
      });
    }
    const frame = decodeFrame(outcome.frame);
    if (!frame.ok) throw new RunnerError('handler_trap', `the handler answered a malformed frame: ${frame.problem}`);
    const parsed = parseOrError(HandlerResponse, frame.header, { label: 'handler response' });
    if (!parsed.ok)
      throw new RunnerError('handler_trap', `the handler answered a malformed header: ${parsed.error.message}`);
    return {
      response: {
        status: parsed.value.status,
        headers: parsed.value.headers,
        logs: result.logs,
        logsTruncated: result.logsTruncated,
        durationMs: result.durationMs,
      },
      body: frame.body,
    };
  }
}

/** A js@1 module's source: UTF-8 text within the size limit (whether it loads, the worker finds out). */
function jsCode(bytes: Uint8Array, modulePath: string): HandlerCode {
  if (bytes.byteLength > MAX_JS_MODULE_BYTES) {
    throw new RunnerError(
      'module_invalid',
      `handler module refused: ${modulePath} is ${bytes.byteLength} bytes; a js@1 module may be ${MAX_JS_MODULE_BYTES}`,
    );
  }
  let source: string;
  try {
    source = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new RunnerError('module_invalid', `handler module refused: ${modulePath} is not UTF-8 text`);
  }
  return { runtime: 'js@1', source, filename: modulePath };
}

/** The random wait before attempt `attempt` (2, 3...) of a call whose commit lost a race. */
function commitBackoff(attempt: number, deadlineAt: number): Promise<void> {
  const ceiling = Math.min(COMMIT_BACKOFF_MS * 2 ** (attempt - 2), Math.max(0, deadlineAt - Date.now()) / 2);
  return new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
}

/**
 * A commit that failed for another reason than the call's own writes (the database went away): a
 * refusal the caller can act on. Whether a commit cut off mid-way applied is unknown to the runner;
 * a retry with the same Idempotency-Key finds out safely (it replays, or runs the call once).
 */
function commitFailure(error: unknown): never {
  if (error instanceof KvError || error instanceof KvCommitConflict || error instanceof IdempotencyKeyTaken)
    throw error;
  throw new RunnerError(
    'internal',
    `the call's result could not be stored (${(error as Error).message}); retry it with the same Idempotency-Key to be sure it applies once`,
  ).withLogOnly({ storageError: String(error) });
}

const timedOut = (timeoutMs: number) =>
  new RunnerError('timeout', `the handler did not answer within ${timeoutMs} ms and was stopped`, { timeoutMs });

/** The refusal for a run that did not answer (the worker said why). */
function failure(
  outcome: Exclude<WorkerOutcome, { kind: 'ok' }>,
  timeoutMs: number,
  sourceMap: HandlerSourceMap | undefined,
): RunnerError {
  switch (outcome.kind) {
    case 'timeout':
      return timedOut(timeoutMs);
    case 'memory_exceeded':
      return new RunnerError('memory_exceeded', outcome.message);
    case 'response_too_large':
      return new RunnerError('response_too_large', outcome.message);
    case 'trap':
    case 'bad_response':
      return new RunnerError('handler_trap', `the handler failed: ${outcome.message}`);
    case 'threw':
      // The handler's own text may hold anything it had (data, secrets): never the caller's. It goes to
      // the runner's log and to the invocation's event, which only authorised readers see.
      return new RunnerError(
        'handler_trap',
        "the handler threw an uncaught error; its message and stack are in the runner's log under this request id",
      ).withLogOnly({
        message: outcome.message,
        ...(outcome.stack ? { stack: sourceMap?.mapStack(outcome.stack) ?? outcome.stack } : {}),
      });
    case 'module_invalid':
      return new RunnerError('module_invalid', `handler module refused: ${outcome.message}`);
  }
}
