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
import type { KvStore } from '../capabilities/kv-store.js';
import { RunnerError } from '../errors.js';
import type { RunnerMetrics } from '../metrics.js';
import { WASM_PAGE_BYTES, checkHandlerModule, type MemoryLimits } from './module-check.js';
import type { WorkerPool } from './pool.js';

export interface EngineLimits {
  /** Runner-wide ceiling of any deadline. */
  maxTimeoutMs: number;
  /** Runner-wide memory cap of one invocation. */
  maxMemoryMb: number;
  maxResponseBytes: number;
  maxLogBytes: number;
}

interface CompiledModule {
  module: WebAssembly.Module;
  memory: MemoryLimits;
}

export interface Executed {
  response: ExecuteResponse;
  body: Uint8Array;
}

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
    const compiling = (async () => {
      const bytes = await readFile(join(bundle.dir, ...modulePath.split('/')));
      let module: WebAssembly.Module;
      try {
        module = await WebAssembly.compile(bytes);
      } catch (error) {
        throw new RunnerError(
          'module_invalid',
          `handler module refused: it does not compile (${(error as Error).message})`,
        );
      }
      return { module, memory: checkHandlerModule(module, bytes, maxPages) };
    })();
    // A module that fails its checks is not cached: the same bytes would fail again, but cheaply.
    compiling.catch(() => this.modules.delete(bundle.contentHash));
    this.modules.set(bundle.contentHash, compiling);
    return compiling;
  }

  async execute(request: ExecuteRequest, body: Uint8Array, bundle: LoadedBundle): Promise<Executed> {
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
    const { module, memory } = await this.compiled(bundle, manifest.api.module);

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
    const onHostCall = hostCallHandler(
      {
        tenantId: context.tenantId,
        extensionId: context.extensionId,
        grants: granted,
        secrets: request.secrets,
        user: request.user,
        egress: allowedOrigins,
        deadlineAt,
      },
      { kv: this.deps.kv, egress: this.deps.egress },
    );
    const result = await this.deps.pool.run(
      context.tenantId,
      {
        contentHash: bundle.contentHash,
        memory: { initialPages: memory.minPages, maxPages },
        frame: encodeFrame(header, body),
        grants: [...granted],
        limits: { maxResponseBytes: limits.maxResponseBytes, maxLogBytes: limits.maxLogBytes },
        deadlineAt,
      },
      module,
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
    if (result.type === 'timeout') {
      throw new RunnerError('timeout', `the handler did not answer within ${timeoutMs} ms and was stopped`, {
        timeoutMs,
      });
    }
    const { outcome } = result;
    switch (outcome.kind) {
      case 'memory_exceeded':
        throw new RunnerError('memory_exceeded', outcome.message);
      case 'response_too_large':
        throw new RunnerError('response_too_large', outcome.message);
      case 'trap':
      case 'bad_response':
        throw new RunnerError('handler_trap', `the handler failed: ${outcome.message}`);
      case 'ok':
        break;
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
