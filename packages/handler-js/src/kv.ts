import { HostCallError } from './errors.js';
import { callHost, hostValue, type HostCallOutcome, type HostCallValue } from './host-call.js';

// The per-tenant, per-extension key-value store (capability `storage.kv`). Values are strings:
// store JSON text. Every write has a revision; pass `ifRevision` for optimistic concurrency.

export interface KvEntry {
  readonly key: string;
  readonly value: string;
  /** Bumped by every write; pass it as `ifRevision` to write only if nobody wrote since. */
  readonly revision: number;
}

export interface KvWritten {
  readonly ok: true;
  readonly revision: number;
}

export interface KvDeleted {
  readonly ok: true;
  /** false when the key did not exist. */
  readonly deleted: boolean;
}

/** `ifRevision` was stale: someone else wrote (or deleted) the key first. Read it again and retry. */
export interface KvConflict {
  readonly ok: false;
  readonly conflict: true;
  /** The runner's sentence, for a log line. */
  readonly message: string;
}

export interface KvCondition {
  /** Write only if the stored revision is this one; `0`: only if the key does not exist. */
  readonly ifRevision: number;
}

export interface KvListOptions {
  /** Only keys starting with this (default: every key). */
  readonly prefix?: string;
  /** The previous page's `cursor`. */
  readonly cursor?: string;
  /** 1–1000 (default: the runner's). */
  readonly limit?: number;
}

export interface KvPage {
  /** In key order. */
  readonly items: readonly KvEntry[];
  /** Pass to the next `list`; null on the last page. */
  readonly cursor: string | null;
}

const CONFLICTS: readonly string[] = ['conflict', 'version_conflict'];

/** A conditional write's outcome: the value, a conflict as a value, anything else thrown. */
function conditional<F extends 'kv_put' | 'kv_delete'>(
  fn: F,
  outcome: HostCallOutcome<F>,
  conditioned: boolean,
): HostCallValue<F> | KvConflict {
  if (outcome.ok) return outcome.value;
  if (conditioned && CONFLICTS.includes(outcome.error.code)) {
    return { ok: false, conflict: true, message: outcome.error.message };
  }
  throw new HostCallError(fn, outcome.error);
}

function put(key: string, value: string): Promise<KvWritten>;
function put(key: string, value: string, condition: KvCondition): Promise<KvWritten | KvConflict>;
async function put(key: string, value: string, condition?: KvCondition): Promise<KvWritten | KvConflict> {
  const outcome = callHost('kv_put', { key, value, ...(condition ? { ifRevision: condition.ifRevision } : {}) });
  const result = conditional('kv_put', outcome, condition !== undefined);
  return 'conflict' in result ? result : { ok: true, revision: result.revision };
}

function remove(key: string): Promise<KvDeleted>;
function remove(key: string, condition: KvCondition): Promise<KvDeleted | KvConflict>;
async function remove(key: string, condition?: KvCondition): Promise<KvDeleted | KvConflict> {
  const outcome = callHost('kv_delete', { key, ...(condition ? { ifRevision: condition.ifRevision } : {}) });
  const result = conditional('kv_delete', outcome, condition !== undefined);
  return 'conflict' in result ? result : { ok: true, deleted: result.deleted };
}

export const kv = {
  /** The entry, or null when the key does not exist. */
  async get(key: string): Promise<KvEntry | null> {
    return hostValue('kv_get', { key });
  },
  /**
   * Writes `value`. With `{ifRevision}` the write happens only if the stored revision is that one
   * (`0`: the key must not exist), else the answer is a `KvConflict` — a value, not an error:
   *
   *   const written = await kv.put('counter', String(n + 1), { ifRevision: entry?.revision ?? 0 });
   *   if (!written.ok) throw new HandlerError(409, 'version_conflict', 'changed meanwhile, try again');
   */
  put,
  /** Deletes `key` (with `{ifRevision}`: only at that revision, else a `KvConflict`). */
  delete: remove,
  /** One page of entries, in key order. */
  async list(options: KvListOptions = {}): Promise<KvPage> {
    return hostValue('kv_list', {
      ...(options.prefix === undefined ? {} : { prefix: options.prefix }),
      ...(options.cursor === undefined ? {} : { cursor: options.cursor }),
      ...(options.limit === undefined ? {} : { limit: options.limit }),
    });
  },
};
