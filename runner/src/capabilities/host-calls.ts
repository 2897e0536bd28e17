import {
  HOST_CALL_ARGS,
  RUNNER_IMPORTS,
  errorEnvelope,
  parseOrError,
  type Capability,
  type ExecuteRequest,
  type HostCallResult,
  type RunnerImport,
} from '@extsys/protocol';
import type * as z from 'zod/mini';
import type { EgressFetcher } from './egress.js';
import { KvError } from '../state/kv-store.js';
import type { KvTransaction } from './kv-transaction.js';

/** Answers a guest's host call (on the main thread); resolves to the JSON text the guest reads. */
export type HostCallHandler = (fn: Exclude<RunnerImport, 'log'>, args: string) => Promise<string>;

/** What one invocation may reach: its tenant's data, its grants, its secrets and egress. */
export interface InvocationScope {
  grants: ReadonlySet<Capability>;
  secrets: Readonly<Record<string, string>>;
  user: ExecuteRequest['user'];
  egress: ReadonlySet<string>;
  deadlineAt: number;
}

const fail = (code: Parameters<typeof errorEnvelope>[0], message: string): HostCallResult => ({
  ok: false,
  error: errorEnvelope(code, message),
});

/**
 * Answers the guest's `runner.*` calls for one invocation (its KV calls go to the call's own
 * KvTransaction, applied only when the call has answered). A capability the invocation does not
 * hold, malformed arguments, a KV conflict or quota, a denied URL: all are answered as data
 * (`{ok: false, error}`) so the handler decides what to do; nothing here traps the guest. Secret
 * values are returned to the guest only, never logged.
 */
export function hostCallHandler(
  scope: InvocationScope,
  deps: { kv: KvTransaction; egress: EgressFetcher },
): HostCallHandler {
  type Fn = keyof typeof HOST_CALL_ARGS;
  type Args<F extends Fn> = z.output<(typeof HOST_CALL_ARGS)[F]>;
  const calls: { [F in Fn]: (args: Args<F>) => HostCallResult | Promise<HostCallResult> } = {
    kv_get: async ({ key }) => ({ ok: true, value: await deps.kv.get(key) }),
    kv_put: async ({ key, value, ifRevision }) => ({
      ok: true,
      value: { revision: await deps.kv.put(key, value, ifRevision) },
    }),
    kv_delete: async ({ key, ifRevision }) => ({
      ok: true,
      value: { deleted: await deps.kv.delete(key, ifRevision) },
    }),
    kv_list: async ({ prefix, cursor, limit }) => ({ ok: true, value: await deps.kv.list(prefix, cursor, limit) }),
    secret_get: ({ name }) => {
      const value = Object.hasOwn(scope.secrets, name) ? scope.secrets[name] : undefined;
      return { ok: true, value: value === undefined ? null : { value } };
    },
    http_fetch: (args) => deps.egress.fetch(args, scope.egress, scope.deadlineAt),
    user_get: () => ({ ok: true, value: scope.user ?? null }),
  };

  async function answer(fn: Fn, argsText: string): Promise<HostCallResult> {
    const capability = RUNNER_IMPORTS[fn];
    if (!scope.grants.has(capability)) {
      return fail('capability_denied', `this install is not granted "${capability}" (needed by runner.${fn})`);
    }
    let json: unknown;
    try {
      json = JSON.parse(argsText);
    } catch {
      return fail('bad_request', `runner.${fn}: the arguments are not JSON`);
    }
    const parsed = parseOrError(HOST_CALL_ARGS[fn] as z.ZodMiniType<Args<Fn>>, json, {
      label: `runner.${fn} arguments`,
    });
    if (!parsed.ok) return { ok: false, error: parsed.error };
    try {
      return await (calls[fn] as (args: Args<Fn>) => HostCallResult | Promise<HostCallResult>)(parsed.value);
    } catch (error) {
      if (error instanceof KvError) return fail(error.code, error.message);
      throw error;
    }
  }

  return async (fn, argsText) => JSON.stringify(await answer(fn, argsText));
}
