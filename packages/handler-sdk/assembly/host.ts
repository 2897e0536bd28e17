import { JSON } from 'json-as';
import {
  runner_http_fetch,
  runner_kv_delete,
  runner_kv_get,
  runner_kv_list,
  runner_kv_put,
  runner_log,
  runner_secret_get,
  runner_user_get,
  takeResult,
} from './runner';
import { quote, stringMapJson } from './json';

// Host calls: typed wrappers over the `runner.*` imports. Every call answers a result value:
// `ok` true with the value, or `ok` false with `error` (`capability_denied` when the install was
// not granted the capability, `egress_denied` for a URL outside the allowlist, `conflict`
// for a stale `ifRevision`...). Nothing here traps on a refusal.

function utf8(text: string): ArrayBuffer {
  return String.UTF8.encode(text);
}

/** The `error` of a refused host call (an ErrorEnvelope; `details` are not kept). */
@json
export class HostError {
  code: string = '';
  message: string = '';
  @optional
  retriable: bool = false;
  @optional
  status: i32 = 0;
}

function failure(code: string, message: string): HostError {
  const e = new HostError();
  e.code = code;
  e.message = message;
  return e;
}

/** When the runner answers something unreadable (never expected). */
const MALFORMED = 'internal';

function isDenial(e: HostError | null): bool {
  if (e === null) return false;
  const code = changetype<HostError>(e).code;
  return code == 'capability_denied' || code == 'egress_denied';
}

function isConflict(e: HostError | null): bool {
  if (e === null) return false;
  const code = changetype<HostError>(e).code;
  return code == 'version_conflict' || code == 'conflict';
}

// ---------------------------------------------------------------- log

export namespace log {
  export function write(level: i32, message: string): void {
    const buf = utf8(message);
    runner_log(level, changetype<usize>(buf), <usize>buf.byteLength);
  }
  export function debug(message: string): void {
    write(0, message);
  }
  export function info(message: string): void {
    write(1, message);
  }
  export function warn(message: string): void {
    write(2, message);
  }
  export function error(message: string): void {
    write(3, message);
  }
}

// ---------------------------------------------------------------- kv

@json
export class KvEntry {
  key: string = '';
  value: string = '';
  revision: i64 = 0;
}

@json
export class KvGetResult {
  ok: bool = false;
  /** null when the key does not exist (or on error). */
  @optional
  value: KvEntry | null = null;
  @optional
  error: HostError | null = null;
  get denied(): bool {
    return isDenial(this.error);
  }
}

@json
export class KvRevision {
  revision: i64 = 0;
}

@json
export class KvPutResult {
  ok: bool = false;
  @optional
  value: KvRevision | null = null;
  @optional
  error: HostError | null = null;
  /** The new revision, or -1 on error. */
  get revision(): i64 {
    return this.value !== null ? changetype<KvRevision>(this.value).revision : -1;
  }
  /** The write was refused because `ifRevision` did not match. */
  get conflict(): bool {
    return isConflict(this.error);
  }
  get denied(): bool {
    return isDenial(this.error);
  }
}

@json
export class KvDeleted {
  deleted: bool = false;
}

@json
export class KvDeleteResult {
  ok: bool = false;
  @optional
  value: KvDeleted | null = null;
  @optional
  error: HostError | null = null;
  get deleted(): bool {
    return this.value !== null && changetype<KvDeleted>(this.value).deleted;
  }
  get conflict(): bool {
    return isConflict(this.error);
  }
  get denied(): bool {
    return isDenial(this.error);
  }
}

@json
export class KvPage {
  items: KvEntry[] = [];
  cursor: string | null = null;
}

@json
export class KvListResult {
  ok: bool = false;
  @optional
  value: KvPage | null = null;
  @optional
  error: HostError | null = null;
  get items(): KvEntry[] {
    return this.value !== null ? changetype<KvPage>(this.value).items : [];
  }
  /** Pass to the next `list` call; null on the last page. */
  get cursor(): string | null {
    return this.value !== null ? changetype<KvPage>(this.value).cursor : null;
  }
  get denied(): bool {
    return isDenial(this.error);
  }
}

function parseOr<T>(text: string, fallback: T): T {
  if (text.length == 0) return fallback;
  return JSON.parse<T>(text);
}

function ptr(buf: ArrayBuffer): usize {
  return changetype<usize>(buf);
}
function len(buf: ArrayBuffer): usize {
  return <usize>buf.byteLength;
}

/** The per-tenant, per-extension key-value store (capability `storage.kv`). Values are strings. */
export class Kv {
  get(key: string): KvGetResult {
    const r = new KvGetResult();
    r.error = failure(MALFORMED, 'the runner answered nothing');
    const a = utf8('{"key":' + quote(key) + '}');
    return parseOr<KvGetResult>(takeResult(runner_kv_get(ptr(a), len(a))), r);
  }
  /**
   * Writes `value`. With `ifRevision` >= 0 the write happens only if the stored revision is that
   * one (0: the key must not exist); otherwise the result's `conflict` is true.
   */
  put(key: string, value: string, ifRevision: i64 = -1): KvPutResult {
    let args = '{"key":' + quote(key) + ',"value":' + quote(value);
    if (ifRevision >= 0) args += ',"ifRevision":' + ifRevision.toString();
    const r = new KvPutResult();
    r.error = failure(MALFORMED, 'the runner answered nothing');
    const a = utf8(args + '}');
    return parseOr<KvPutResult>(takeResult(runner_kv_put(ptr(a), len(a))), r);
  }
  /** Deletes `key` (with `ifRevision` >= 0: only at that revision). */
  delete(key: string, ifRevision: i64 = -1): KvDeleteResult {
    let args = '{"key":' + quote(key);
    if (ifRevision >= 0) args += ',"ifRevision":' + ifRevision.toString();
    const r = new KvDeleteResult();
    r.error = failure(MALFORMED, 'the runner answered nothing');
    const a = utf8(args + '}');
    return parseOr<KvDeleteResult>(takeResult(runner_kv_delete(ptr(a), len(a))), r);
  }
  /** One page of entries whose key starts with `prefix`, in key order. `limit` 0: the runner's default. */
  list(prefix: string = '', cursor: string | null = null, limit: i32 = 0): KvListResult {
    let args = '{"prefix":' + quote(prefix);
    if (cursor !== null) args += ',"cursor":' + quote(changetype<string>(cursor));
    if (limit > 0) args += ',"limit":' + limit.toString();
    const r = new KvListResult();
    r.error = failure(MALFORMED, 'the runner answered nothing');
    const a = utf8(args + '}');
    return parseOr<KvListResult>(takeResult(runner_kv_list(ptr(a), len(a))), r);
  }
}
export const kv = new Kv();

// ---------------------------------------------------------------- secrets

@json
export class SecretValue {
  value: string = '';
}

@json
export class SecretResult {
  ok: bool = false;
  @optional
  value: SecretValue | null = null;
  @optional
  error: HostError | null = null;
  /** The secret, or null if it is not set (or on error). Never log it. */
  get secret(): string | null {
    return this.value !== null ? changetype<SecretValue>(this.value).value : null;
  }
  get denied(): bool {
    return isDenial(this.error);
  }
}

/** The install's secrets (capability `secrets.read`). */
export namespace secrets {
  export function get(name: string): SecretResult {
    const r = new SecretResult();
    r.error = failure(MALFORMED, 'the runner answered nothing');
    const a = utf8('{"name":' + quote(name) + '}');
    return parseOr<SecretResult>(takeResult(runner_secret_get(ptr(a), len(a))), r);
  }
}

// ---------------------------------------------------------------- http

@json
export class FetchValue {
  status: i32 = 0;
  headers: Map<string, string> = new Map<string, string>();
  body: string = '';
}

@json
export class FetchResult {
  ok: bool = false;
  @optional
  value: FetchValue | null = null;
  @optional
  error: HostError | null = null;
  /** The upstream status, or 0 when the call was refused or failed. */
  get status(): i32 {
    return this.value !== null ? changetype<FetchValue>(this.value).status : 0;
  }
  get body(): string {
    return this.value !== null ? changetype<FetchValue>(this.value).body : '';
  }
  get headers(): Map<string, string> {
    return this.value !== null ? changetype<FetchValue>(this.value).headers : new Map<string, string>();
  }
  /** Refused by policy: capability not granted (`capability_denied`) or URL not allowed (`egress_denied`). */
  get denied(): bool {
    return isDenial(this.error);
  }
}

export class FetchOptions {
  method: string = 'GET';
  headers: Map<string, string> | null = null;
  /** UTF-8 text body. */
  body: string | null = null;
  /** 0: the runner's default (always within the remaining deadline). */
  timeoutMs: i32 = 0;
}

/** Outbound HTTP (capability `http.fetch`), deny by default: only allow-listed origins. */
export namespace http {
  export function fetch(url: string, options: FetchOptions | null = null): FetchResult {
    const o = options !== null ? changetype<FetchOptions>(options) : new FetchOptions();
    let args = '{"method":' + quote(o.method.toUpperCase()) + ',"url":' + quote(url);
    if (o.headers !== null) args += ',"headers":' + stringMapJson(changetype<Map<string, string>>(o.headers));
    if (o.body !== null) args += ',"body":' + quote(changetype<string>(o.body));
    if (o.timeoutMs > 0) args += ',"timeoutMs":' + o.timeoutMs.toString();
    const r = new FetchResult();
    r.error = failure(MALFORMED, 'the runner answered nothing');
    const a = utf8(args + '}');
    return parseOr<FetchResult>(takeResult(runner_http_fetch(ptr(a), len(a))), r);
  }
}

// ---------------------------------------------------------------- user

@json
export class User {
  id: string = '';
  @optional
  displayName: string | null = null;
  @optional
  email: string | null = null;
}

@json
export class UserResult {
  ok: bool = false;
  /** null when the call has no user (a service call) or on error. */
  @optional
  value: User | null = null;
  @optional
  error: HostError | null = null;
  get user(): User | null {
    return this.value;
  }
  get denied(): bool {
    return isDenial(this.error);
  }
}

/** The calling user (capability `user.read`). */
export namespace user {
  export function get(): UserResult {
    const r = new UserResult();
    r.error = failure(MALFORMED, 'the runner answered nothing');
    const a = utf8('{}');
    return parseOr<UserResult>(takeResult(runner_user_get(ptr(a), len(a))), r);
  }
}
