import releaseSync from '@jitl/quickjs-wasmfile-release-sync';
import {
  newQuickJSWASMModuleFromVariant,
  newVariant,
  type QuickJSSyncVariant,
  type QuickJSContext,
  type QuickJSHandle,
  type QuickJSRuntime,
} from 'quickjs-emscripten-core';
import { WASM_PAGE_BYTES as PAGE } from '../wasm-page.js';
import { MemorySnapshot } from './memory-snapshot.js';

/**
 * The classic QuickJS build, synchronous (host calls block; no asyncify). It measured ~25 % faster
 * than QuickJS-ng when chosen; a later run found QuickJS-ng ~20 % faster on the fresh-runtime path,
 * which the memory snapshot makes matter little (docs/benchmarks.md, Runner JavaScript engine).
 */
const RELEASE_SYNC = releaseSync as unknown as QuickJSSyncVariant;
/**
 * The engine's memory at start: its data and C stack (the stack ends near page 81 of this build, so
 * fewer pages do not instantiate), then heap room for the module and for an ordinary call to
 * allocate without growing the memory (a call that grows it ends the instance: see `reusable`).
 * Grown only by the engine itself: its glue holds views of the memory that a grow from outside
 * would leave detached.
 */
export const JS_INITIAL_PAGES = 104;
/** QuickJS's own limit on the C stack its interpreter uses (deep recursion is a catchable error). */
export const JS_MAX_STACK_BYTES = 256 * 1024;

/** What a call can do to the world: the worker's host-call relay and log buffer for this job. */
export interface JsCallHost {
  hostCall(fn: string, args: string): string;
  log(level: number, message: string): void;
  deadlineAt: number;
}

export type JsCallOutcome =
  | { kind: 'ok'; header: string; body: Uint8Array }
  | { kind: 'timeout' }
  | { kind: 'memory_exceeded' | 'response_too_large' | 'trap' | 'bad_response'; message: string }
  | { kind: 'threw'; message: string; stack?: string };

/** The module failed to load: a syntax error, an import, no `handle` export. Reported as module_invalid. */
export class JsModuleInvalid extends Error {}

// Defines console on top of __runner.log: installed before the module runs, so part of the snapshot.
const PRELUDE = `
const format = (args) => args.map((a) => {
  if (typeof a === 'string') return a;
  if (a instanceof Error) return a.stack ? a.name + ': ' + a.message + '\\n' + a.stack : String(a);
  try { return JSON.stringify(a) ?? String(a); } catch { return String(a); }
}).join(' ');
const log = globalThis.__runner.log;
globalThis.console = Object.freeze({
  debug: (...args) => log(0, format(args)),
  log: (...args) => log(1, format(args)),
  info: (...args) => log(1, format(args)),
  warn: (...args) => log(2, format(args)),
  error: (...args) => log(3, format(args)),
});
`;

/**
 * One js@1 handler module loaded in its own QuickJS instance (its own wasm memory), evaluated once,
 * then reset to that state after every call (MemorySnapshot): nothing a call leaves behind —
 * globals, prototypes, module state, pending promises — reaches the next one.
 *
 * JS-side handles into the engine must outlive a reset, so everything the calls use is created
 * before the snapshot: the runtime, the context, the `__runner` functions, the `handle` function.
 * What a call creates is never disposed through the API (the reset frees it, all at once).
 */
export class JsInstance {
  private constructor(
    /** The call running now: what the `__runner` functions and the interrupt handler serve. */
    private readonly running: { call: JsCallHost | undefined },
    private readonly memory: WebAssembly.Memory,
    private readonly runtime: QuickJSRuntime,
    private readonly context: QuickJSContext,
    private readonly handleFn: QuickJSHandle,
    private readonly snapshot: MemorySnapshot,
  ) {}

  /** Loads `source` (an ES module) and takes the snapshot; throws JsModuleInvalid for a bad module. */
  static async load(
    engine: WebAssembly.Module,
    source: string,
    filename: string,
    memoryPages: { initial: number; cap: number },
  ): Promise<JsInstance> {
    const memory = new WebAssembly.Memory({
      initial: memoryPages.initial,
      maximum: Math.max(memoryPages.initial, JS_INITIAL_PAGES + memoryPages.cap + 64),
    });
    const quickjs = await newQuickJSWASMModuleFromVariant(
      newVariant(RELEASE_SYNC, { wasmModule: engine, wasmMemory: memory }),
    );
    const runtime = quickjs.newRuntime();
    runtime.setMaxStackSize(JS_MAX_STACK_BYTES);
    const context = runtime.newContext();
    const running: { call: JsCallHost | undefined } = { call: undefined };
    const host = () => {
      if (!running.call) throw new Error('no call is running');
      return running.call;
    };
    runtime.setInterruptHandler(() => running.call !== undefined && Date.now() >= running.call.deadlineAt);

    const runner = context.newObject();
    const define = (name: string, fn: (...args: QuickJSHandle[]) => QuickJSHandle | undefined) => {
      const value = context.newFunction(name, fn);
      context.setProp(runner, name, value);
      value.dispose();
    };
    define('call', (fn, args) => context.newString(host().hostCall(context.getString(fn), context.getString(args))));
    define('log', (level, message) => {
      host().log(context.getNumber(level), context.getString(message));
      return undefined;
    });
    define('utf8Encode', (text) => {
      const bytes = Buffer.from(context.getString(text), 'utf8');
      return context.newArrayBuffer(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    });
    define('utf8Decode', (bytes) => {
      const view = context.getArrayBuffer(bytes);
      return context.newString(Buffer.from(view.value).toString('utf8'));
    });
    context.setProp(context.global, '__runner', runner);
    runner.dispose();
    context.unwrapResult(context.evalCode(PRELUDE, 'extsys:prelude', { type: 'global' })).dispose();

    const evaluated = context.evalCode(source, filename, { type: 'module' });
    if (evaluated.error) {
      const failure = describe(context, evaluated.error);
      throw new JsModuleInvalid(`it does not load: ${failure.message}`);
    }
    const exportsHandle = evaluated.value;
    const handleFn = context.getProp(exportsHandle, 'handle');
    if (context.typeof(handleFn) !== 'function') {
      throw new JsModuleInvalid('it does not export a function "handle" (see the js@1 ABI)');
    }
    // Touch what the API memoizes on first use, so the memoized handles predate the snapshot.
    void context.undefined;
    void context.true;
    return new JsInstance(running, memory, runtime, context, handleFn, MemorySnapshot.take(memory));
  }

  /** Whether the instance can take another call (a call that grew the memory past the snapshot ends it). */
  get reusable(): boolean {
    return this.snapshot.fits(this.memory);
  }

  /** The memory's size now, in pages (after a call that grew it: what the next load should start with). */
  get pages(): number {
    return this.memory.buffer.byteLength / PAGE;
  }

  /** Runs one call and resets the instance; `maxResponseBytes` caps the answer, `capBytes` the heap. */
  call(
    host: JsCallHost,
    request: string,
    body: Uint8Array,
    limits: { capBytes: number; maxResponseBytes: number },
  ): JsCallOutcome {
    const { context, runtime } = this;
    this.running.call = host;
    try {
      runtime.setMemoryLimit(limits.capBytes);
      const result = context.callFunction(
        this.handleFn,
        context.undefined,
        context.newString(request),
        context.newArrayBuffer(body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength)),
      );
      if (result.error) return this.failure(result.error, host);
      let state = context.getPromiseState(result.value);
      while (state.type === 'pending') {
        if (Date.now() >= host.deadlineAt) return { kind: 'timeout' };
        if (!runtime.hasPendingJob()) {
          return { kind: 'trap', message: 'the handler returned a promise that never settles' };
        }
        const jobs = runtime.executePendingJobs();
        if (jobs.error) return this.failure(jobs.error, host);
        state = context.getPromiseState(result.value);
      }
      if (state.type === 'rejected') return this.failure(state.error, host);
      return readAnswer(context, state.value, limits.maxResponseBytes);
    } catch (error) {
      // The engine itself failed (a wasm trap, memory it could not grow): this instance is done.
      const message = error instanceof Error ? error.message : String(error);
      if (Date.now() >= host.deadlineAt) return { kind: 'timeout' };
      if (/memory|out of bounds/i.test(message)) {
        return { kind: 'memory_exceeded', message: `the handler reached its memory cap (${message})` };
      }
      return { kind: 'trap', message: `the JavaScript engine failed: ${message}` };
    } finally {
      this.running.call = undefined;
      if (this.snapshot.fits(this.memory)) this.snapshot.restore(this.memory);
    }
  }

  private failure(error: QuickJSHandle, host: JsCallHost): JsCallOutcome {
    if (Date.now() >= host.deadlineAt) return { kind: 'timeout' };
    const thrown = describe(this.context, error);
    if (/out of memory/i.test(thrown.message)) {
      return { kind: 'memory_exceeded', message: `the handler reached its memory cap (${thrown.message})` };
    }
    if (/stack overflow/i.test(thrown.message)) {
      return { kind: 'trap', message: `the handler's recursion passed the engine's stack limit (${thrown.message})` };
    }
    return { kind: 'threw', message: thrown.message, ...(thrown.stack ? { stack: thrown.stack } : {}) };
  }
}

/** What was thrown, as text: an Error's name, message and stack; anything else as JSON or a string. */
function describe(context: QuickJSContext, error: QuickJSHandle): { message: string; stack?: string } {
  let dumped: unknown;
  try {
    dumped = context.dump(error);
  } catch {
    return { message: 'an error that could not be read (the engine was out of memory?)' };
  }
  if (dumped && typeof dumped === 'object' && 'message' in dumped) {
    const { name, message, stack } = dumped as { name?: unknown; message?: unknown; stack?: unknown };
    return {
      message: `${typeof name === 'string' ? name : 'Error'}: ${String(message)}`,
      ...(typeof stack === 'string' && stack !== '' ? { stack } : {}),
    };
  }
  let text: string;
  try {
    text = JSON.stringify(dumped) ?? String(dumped);
  } catch {
    text = String(dumped);
  }
  return { message: `the handler threw a non-Error value: ${text.slice(0, 500)}` };
}

/** Reads `{header, body}` from what `handle` answered. */
function readAnswer(context: QuickJSContext, answer: QuickJSHandle, maxResponseBytes: number): JsCallOutcome {
  if (context.typeof(answer) !== 'object') {
    return { kind: 'bad_response', message: 'handle() must answer an object {header, body}' };
  }
  const header = context.getProp(answer, 'header');
  if (context.typeof(header) !== 'string') {
    return { kind: 'bad_response', message: 'handle() answered no string "header" (the HandlerResponse JSON)' };
  }
  const bodyHandle = context.getProp(answer, 'body');
  let body: Uint8Array;
  switch (context.typeof(bodyHandle)) {
    case 'undefined':
      body = new Uint8Array(0);
      break;
    case 'string':
      body = Buffer.from(context.getString(bodyHandle), 'utf8');
      break;
    case 'object': {
      let view;
      try {
        view = context.getArrayBuffer(bodyHandle);
      } catch {
        return {
          kind: 'bad_response',
          message: 'handle() answered a "body" that is neither a string nor an ArrayBuffer',
        };
      }
      if (view.value.byteLength > maxResponseBytes) return tooLarge(view.value.byteLength, maxResponseBytes);
      body = view.value.slice(); // a copy: the engine's memory is reset after the call
      break;
    }
    default:
      return {
        kind: 'bad_response',
        message: 'handle() answered a "body" that is neither a string nor an ArrayBuffer',
      };
  }
  if (body.byteLength > maxResponseBytes) return tooLarge(body.byteLength, maxResponseBytes);
  return { kind: 'ok', header: context.getString(header), body };
}

function tooLarge(bytes: number, limit: number): JsCallOutcome {
  return { kind: 'response_too_large', message: `the handler answered ${bytes} bytes; the limit is ${limit}` };
}
