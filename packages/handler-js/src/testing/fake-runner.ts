// An in-memory stand-in for the js@1 runtime's `__runner` global, for unit tests in Node: KV with
// revisions, secrets, a user, an allowlisted fetch, grants that refuse like the runner does, and
// every call and log line recorded. Answers follow the runner ABI's JSON shapes exactly.
import { TextDecoder, TextEncoder } from 'node:util';
import { errorEnvelope, type ErrorCode, type ErrorEnvelope } from '@extsys/protocol/errors';
import { RUNNER_IMPORTS } from '@extsys/protocol/execute';
import type { Capability } from '../request.js';
import type { HostFunction, LogLevelNumber, RunnerGlobal } from '../runner-global.js';
import type { User } from '../user.js';

export interface FakeFetchRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}
export interface FakeFetchAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

export interface FakeRunnerOptions {
  /** The capabilities the call holds (default: all of them). A call outside them is `capability_denied`. */
  grants?: readonly Capability[];
  /** Initial KV entries (revision 1 each). */
  kv?: Record<string, string>;
  secrets?: Record<string, string>;
  user?: User | null;
  /** Origins `http.fetch` may reach (default none: every URL is `egress_denied`). */
  egress?: readonly string[];
  /** Answers an allowed fetch (default: 404). Throw to simulate an upstream failure (`bad_gateway`). */
  fetch?: (request: FakeFetchRequest) => FakeFetchAnswer;
}

export interface FakeLogLine {
  level: LogLevelNumber;
  message: string;
}

export interface FakeRunner {
  /** What to install as `__runner` (see `installFakeRunner`), or pass to a module loader as a global. */
  readonly global: RunnerGlobal;
  /** The store: key → value and revision. Edit it to set up a test. */
  readonly kv: Map<string, { value: string; revision: number }>;
  readonly logs: FakeLogLine[];
  /** Every host call, with its parsed args. */
  readonly calls: { fn: HostFunction; args: Record<string, unknown> }[];
  /** Makes the next call to `fn` answer this refusal (e.g. `quota_exceeded`), once. */
  failNext(fn: HostFunction, code: ErrorCode, message?: string): void;
}

type Answer = { ok: true; value: unknown } | { ok: false; error: ErrorEnvelope };

export function createFakeRunner(options: FakeRunnerOptions = {}): FakeRunner {
  const grants = new Set<string>(options.grants ?? Object.values(RUNNER_IMPORTS));
  const kv = new Map<string, { value: string; revision: number }>();
  for (const [key, value] of Object.entries(options.kv ?? {})) kv.set(key, { value, revision: 1 });
  const logs: FakeLogLine[] = [];
  const calls: FakeRunner['calls'] = [];
  const failures = new Map<HostFunction, ErrorEnvelope>();
  let lastRevision = 1;
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();

  const refuse = (code: ErrorCode, message: string): Answer => ({ ok: false, error: errorEnvelope(code, message) });
  const conflict = (key: string): Answer => refuse('conflict', `${key} is not at the expected revision`);

  const run: Record<HostFunction, (args: Record<string, unknown>) => Answer> = {
    kv_get: ({ key }) => {
      const entry = kv.get(key as string);
      return { ok: true, value: entry ? { key, value: entry.value, revision: entry.revision } : null };
    },
    kv_put: ({ key, value, ifRevision }) => {
      const entry = kv.get(key as string);
      if (ifRevision !== undefined && (entry?.revision ?? 0) !== ifRevision) return conflict(key as string);
      const revision = ++lastRevision;
      kv.set(key as string, { value: value as string, revision });
      return { ok: true, value: { revision } };
    },
    kv_delete: ({ key, ifRevision }) => {
      const entry = kv.get(key as string);
      if (ifRevision !== undefined && (entry?.revision ?? 0) !== ifRevision) return conflict(key as string);
      return { ok: true, value: { deleted: kv.delete(key as string) } };
    },
    kv_list: ({ prefix = '', cursor, limit = 100 }) => {
      const keys = [...kv.keys()].filter((key) => key.startsWith(prefix as string)).sort();
      const start = cursor === undefined ? 0 : keys.findIndex((key) => key > (cursor as string));
      const page = start < 0 ? [] : keys.slice(start, start + (limit as number));
      const items = page.map((key) => ({ key, value: kv.get(key)!.value, revision: kv.get(key)!.revision }));
      const more = start >= 0 && start + page.length < keys.length;
      return { ok: true, value: { items, cursor: more ? page[page.length - 1]! : null } };
    },
    secret_get: ({ name }) => {
      const secret = options.secrets?.[name as string];
      return { ok: true, value: secret === undefined ? null : { value: secret } };
    },
    http_fetch: (args) => {
      const request = args as unknown as FakeFetchRequest;
      const origin = URL.canParse(request.url) ? new URL(request.url).origin : '';
      if (!(options.egress ?? []).includes(origin))
        return refuse('egress_denied', `${origin || request.url} is not in the allowlist`);
      try {
        const answer = options.fetch?.(request) ?? { status: 404 };
        return { ok: true, value: { status: answer.status, headers: answer.headers ?? {}, body: answer.body ?? '' } };
      } catch {
        return refuse('bad_gateway', `${origin} could not be reached`);
      }
    },
    user_get: () => ({ ok: true, value: options.user ?? null }),
  };

  const global: RunnerGlobal = {
    call(fn, argsJson) {
      const args = JSON.parse(argsJson) as Record<string, unknown>;
      calls.push({ fn, args });
      const failure = failures.get(fn);
      failures.delete(fn);
      const capability = RUNNER_IMPORTS[fn];
      const answer: Answer =
        capability === undefined
          ? refuse('bad_request', `${String(fn)} is not a host function`)
          : !grants.has(capability)
            ? refuse(
                'capability_denied',
                `${fn} needs the ${capability} capability, which this install was not granted`,
              )
            : failure
              ? { ok: false, error: failure }
              : run[fn](args);
      return JSON.stringify(answer);
    },
    log(level, message) {
      // Like the runner: a line without the `log` grant is dropped.
      if (grants.has('log')) logs.push({ level, message });
    },
    utf8Encode: (text) => encoder.encode(text).slice().buffer,
    utf8Decode: (bytes) => decoder.decode(new Uint8Array(bytes)),
  };

  return {
    global,
    kv,
    logs,
    calls,
    failNext(fn, code, message = `${fn} failed`) {
      failures.set(fn, errorEnvelope(code, message));
    },
  };
}

/** Installs `runner.global` as `globalThis.__runner` (for handlers imported directly into a test); returns the undo. */
export function installFakeRunner(runner: FakeRunner): () => void {
  const holder = globalThis as { __runner?: RunnerGlobal };
  const previous = holder.__runner;
  holder.__runner = runner.global;
  return () => {
    if (previous === undefined) delete holder.__runner;
    else holder.__runner = previous;
  };
}
