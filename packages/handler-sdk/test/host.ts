/**
 * A small in-test implementation of the runner side of ABI v1 (the real runner is tested in
 * runner/): a host-created memory with a maximum, the `runner.*` imports with capability checks,
 * an in-memory KV with revisions, secrets, a user, an allow-listed fetch, a log buffer.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  type Capability,
  type ErrorCode,
  HOST_CALL_ARGS,
  HOST_CALL_VALUES,
  type HandlerRequest,
  HandlerResponse,
  HostCallResult,
  LOG_LEVEL_NUMBERS,
  RUNNER_IMPORTS,
  type RunnerImport,
  decodeFrame,
  encodeFrame,
  errorEnvelope,
} from '@extsys/protocol';

export const FIXTURES = ['realistic', 'hostile', 'json', 'unknown-import', 'template'] as const;

export function fixturePath(name: (typeof FIXTURES)[number]): string {
  return fileURLToPath(new URL(`../fixtures/dist/${name}.wasm`, import.meta.url));
}

const modules = new Map<string, WebAssembly.Module>();
export function fixtureModule(name: (typeof FIXTURES)[number]): WebAssembly.Module {
  let module = modules.get(name);
  if (!module) {
    module = new WebAssembly.Module(readFileSync(fixturePath(name)));
    modules.set(name, module);
  }
  return module;
}

export type LogLine = { level: number; message: string };
type KvEntry = { value: string; revision: number };
type HostFn = Exclude<RunnerImport, 'log'>;

export type HostOptions = {
  grants?: Capability[];
  secrets?: Record<string, string>;
  user?: { id: string; displayName?: string; email?: string } | null;
  /** Origins `http_fetch` may reach. */
  allowedOrigins?: string[];
  /** Wasm pages (64 KiB) the memory may grow to: the runner's memory cap. */
  maxPages?: number;
  /** Called before each kv_put is applied (e.g. to simulate a concurrent writer). */
  beforeKvPut?: (kv: Map<string, KvEntry>, host: TestHost) => void;
};

export type CallResult = { status: number; headers: Record<string, string>; body: Uint8Array; text: string };

const ALL_GRANTS: Capability[] = ['log', 'storage.kv', 'secrets.read', 'http.fetch', 'user.read'];
const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function request(overrides: {
  method?: HandlerRequest['http']['method'];
  path: string;
  query?: Record<string, string[]>;
  headers?: Record<string, string>;
  handler?: string;
  pattern?: string;
  params?: Record<string, string>;
  config?: HandlerRequest['config'];
  grants?: Capability[];
  tenantId?: string;
}): HandlerRequest {
  return {
    abi: 1,
    context: {
      requestId: 'req_01HZX3',
      tenantId: overrides.tenantId ?? 'tenant-a',
      extensionId: 'com.acme.hello',
      installId: 'inst_7Qx2',
      version: '1.4.0',
    },
    route: {
      handler: overrides.handler ?? 'unnamed',
      pattern: overrides.pattern ?? overrides.path,
      params: overrides.params ?? {},
    },
    http: {
      method: overrides.method ?? 'GET',
      path: overrides.path,
      query: overrides.query ?? {},
      headers: overrides.headers ?? {},
    },
    config: overrides.config ?? {},
    grants: overrides.grants ?? ALL_GRANTS,
  };
}

export class TestHost {
  readonly logs: LogLine[] = [];
  readonly calls: { fn: HostFn; args: unknown }[] = [];
  readonly kv = new Map<string, KvEntry>();
  revision = 0;
  memory: WebAssembly.Memory;
  private exports:
    | { alloc(len: number): number; dealloc(ptr: number, len: number): void; handle(ptr: number, len: number): bigint }
    | undefined;
  private grants: Capability[] = ALL_GRANTS;

  constructor(private readonly options: HostOptions = {}) {
    this.memory = new WebAssembly.Memory({ initial: 1, maximum: options.maxPages ?? 256 });
  }

  /** A fresh instance (as the runner makes one per invocation). */
  instantiate(module: WebAssembly.Module): WebAssembly.Instance {
    this.memory = new WebAssembly.Memory({ initial: 1, maximum: this.options.maxPages ?? 256 });
    const runner: Record<string, (...args: number[]) => bigint | void> = {
      log: (level, ptr, len) => {
        this.logs.push({ level: level, message: this.readString(ptr, len) });
      },
    };
    for (const fn of Object.keys(RUNNER_IMPORTS) as RunnerImport[]) {
      if (fn === 'log') continue;
      runner[fn] = (ptr, len) => this.writeResult(this.hostCall(fn, this.readString(ptr, len)));
    }
    const instance = new WebAssembly.Instance(module, { env: { memory: this.memory }, runner });
    this.exports = instance.exports as unknown as TestHost['exports'];
    return instance;
  }

  /** Runs one request through `handle`; a trap throws (WebAssembly.RuntimeError). */
  call(module: WebAssembly.Module, header: HandlerRequest, body: Uint8Array | string = new Uint8Array(0)): CallResult {
    this.grants = header.grants;
    this.instantiate(module);
    return this.handleFrame(encodeFrame(header, typeof body === 'string' ? encoder.encode(body) : body));
  }

  handleFrame(frame: Uint8Array): CallResult {
    const exports = this.exports!;
    const ptr = exports.alloc(frame.byteLength);
    new Uint8Array(this.memory.buffer, ptr, frame.byteLength).set(frame);
    const packed = exports.handle(ptr, frame.byteLength);
    const outPtr = Number(packed >> 32n);
    const outLen = Number(packed & 0xffffffffn);
    // Copy out before anything else runs in the guest (memory.buffer is re-read: alloc may grow it).
    const out = new Uint8Array(this.memory.buffer, outPtr, outLen).slice();
    exports.dealloc(outPtr, outLen);
    const decoded = decodeFrame(out);
    if (!decoded.ok) throw new Error(`bad response frame: ${decoded.problem}`);
    const header = HandlerResponse.parse(decoded.header);
    return { ...header, body: decoded.body, text: decoder.decode(decoded.body) };
  }

  private readString(ptr: number, len: number): string {
    return decoder.decode(new Uint8Array(this.memory.buffer, ptr, len));
  }

  private writeResult(result: HostCallResult): bigint {
    HostCallResult.parse(result);
    const bytes = encoder.encode(JSON.stringify(result));
    const ptr = this.exports!.alloc(bytes.byteLength);
    new Uint8Array(this.memory.buffer, ptr, bytes.byteLength).set(bytes);
    return (BigInt(ptr) << 32n) | BigInt(bytes.byteLength);
  }

  private deny(code: ErrorCode, message: string): HostCallResult {
    return { ok: false, error: errorEnvelope(code, message) };
  }

  private hostCall(fn: HostFn, json: string): HostCallResult {
    const args: unknown = HOST_CALL_ARGS[fn].parse(JSON.parse(json));
    this.calls.push({ fn, args });
    const capability = RUNNER_IMPORTS[fn];
    if (!this.grants.includes(capability)) {
      return this.deny('capability_denied', `this install was not granted ${capability}`);
    }
    const value = this.value(fn, args);
    if (value !== null && typeof value === 'object' && 'ok' in value) return value as HostCallResult;
    HOST_CALL_VALUES[fn].parse(value);
    return { ok: true, value };
  }

  private value(fn: HostFn, raw: unknown): unknown {
    switch (fn) {
      case 'kv_get': {
        const { key } = raw as { key: string };
        const entry = this.kv.get(key);
        return entry ? { key, ...entry } : null;
      }
      case 'kv_put': {
        const { key, value, ifRevision } = raw as { key: string; value: string; ifRevision?: number };
        this.options.beforeKvPut?.(this.kv, this);
        const current = this.kv.get(key)?.revision ?? 0;
        if (ifRevision !== undefined && ifRevision !== current) {
          return this.deny('conflict', `${key} is at revision ${current}, not ${ifRevision}`); // the runner's code
        }
        const revision = ++this.revision;
        this.kv.set(key, { value, revision });
        return { revision };
      }
      case 'kv_delete': {
        const { key } = raw as { key: string };
        return { deleted: this.kv.delete(key) };
      }
      case 'kv_list': {
        const { prefix = '', limit = 100 } = raw as { prefix?: string; limit?: number };
        const keys = [...this.kv.keys()].filter((k) => k.startsWith(prefix)).sort();
        const items = keys.slice(0, limit).map((key) => ({ key, ...this.kv.get(key)! }));
        return { items, cursor: keys.length > limit ? keys[limit - 1]! : null };
      }
      case 'secret_get': {
        const { name } = raw as { name: string };
        const value = this.options.secrets?.[name];
        return value === undefined ? null : { value };
      }
      case 'http_fetch': {
        const { url } = raw as { url: string };
        if (!(this.options.allowedOrigins ?? []).includes(new URL(url).origin)) {
          return this.deny('egress_denied', `${new URL(url).origin} is not in the egress allowlist`);
        }
        return { status: 200, headers: { 'content-type': 'application/json' }, body: '{"tempC":21.5}' };
      }
      case 'user_get':
        return this.options.user === undefined ? { id: 'user-1', displayName: 'Ada' } : this.options.user;
    }
  }
}

export const LEVELS = LOG_LEVEL_NUMBERS;

/** The memory import's limits, read from the module's import section (not exposed by the JS API). */
export function memoryImportLimits(bytes: Uint8Array): { minimum: number; maximum?: number; memory64: boolean } {
  let at = 8;
  const leb = (): number => {
    let result = 0;
    let shift = 0;
    for (;;) {
      const byte = bytes[at++]!;
      result += (byte & 0x7f) * 2 ** shift;
      shift += 7;
      if ((byte & 0x80) === 0) return result;
    }
  };
  const name = (): string => {
    const len = leb();
    const s = decoder.decode(bytes.subarray(at, at + len));
    at += len;
    return s;
  };
  while (at < bytes.length) {
    const id = bytes[at++]!;
    const size = leb();
    const end = at + size;
    if (id === 2) {
      const count = leb();
      for (let i = 0; i < count; i++) {
        name();
        name();
        const kind = bytes[at++]!;
        if (kind === 0) leb();
        else if (kind === 1) {
          at++;
          const flags = leb();
          leb();
          if (flags & 1) leb();
        } else if (kind === 2) {
          const flags = leb();
          const minimum = leb();
          const maximum = flags & 1 ? leb() : undefined;
          return { minimum, ...(maximum === undefined ? {} : { maximum }), memory64: (flags & 4) !== 0 };
        } else if (kind === 3) {
          at += 2;
        }
      }
    }
    at = end;
  }
  throw new Error('no memory import');
}
