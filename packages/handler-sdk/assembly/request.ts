import { JSON } from 'json-as';
import { JSON_DEFAULT_DEPTH, JsonResult, parseJson } from './check';
import { HostError } from './host';
import { Response } from './response';
import { decodeUtf8 } from './utf8';

// The JSON header of the frame `handle` receives (HandlerRequest in @extsys/protocol).

@json
export class Context {
  requestId: string = '';
  tenantId: string = '';
  extensionId: string = '';
  installId: string = '';
  version: string = '';
}

@json
export class RouteInfo {
  /** The manifest endpoint's handler name the gateway matched. */
  handler: string = '';
  /** The manifest endpoint's path pattern, e.g. `/items/:id`. */
  pattern: string = '';
  params: Map<string, string> = new Map<string, string>();
}

@json
export class HttpInfo {
  method: string = '';
  /** The API path, e.g. `/items/42` (may carry `?query`; use `Request.path` for the pathname). */
  path: string = '';
  query: Map<string, string[]> = new Map<string, string[]>();
  /** Lower-cased names. */
  headers: Map<string, string> = new Map<string, string>();
}

@json
export class HandlerRequest {
  abi: i32 = 0;
  context: Context = new Context();
  route: RouteInfo = new RouteInfo();
  http: HttpInfo = new HttpInfo();
  config: Map<string, JSON.Value> = new Map<string, JSON.Value>();
  grants: string[] = [];
}

function pathname(path: string): string {
  const q = path.indexOf('?');
  return q < 0 ? path : path.substring(0, q);
}

/** What a route handler receives. */
export class Request {
  /** Upper-case HTTP method. */
  readonly method: string;
  /** The pathname (no query), e.g. `/items/42`. */
  readonly path: string;
  /** Every value of every query parameter, in order: `?tag=a&tag=b` → `tag: ["a", "b"]`. */
  readonly query: Map<string, string[]>;
  /** Request headers the gateway forwarded, lower-case names. */
  readonly headers: Map<string, string>;
  /** Path parameters: the gateway's (from the manifest pattern), overlaid with the router's match. */
  params: Map<string, string>;
  /** The manifest handler name this call was routed to. */
  readonly handler: string;
  /** The manifest endpoint pattern. */
  readonly pattern: string;
  readonly context: Context;
  /** The install's non-secret configuration (string, number or boolean values). */
  readonly config: Map<string, JSON.Value>;
  /** Capabilities this call holds, e.g. `storage.kv`. */
  readonly grants: string[];
  /** The raw request body. */
  readonly body: Uint8Array;

  constructor(header: HandlerRequest, body: Uint8Array) {
    this.method = header.http.method;
    this.path = pathname(header.http.path);
    this.query = header.http.query;
    this.headers = header.http.headers;
    this.params = header.route.params;
    this.handler = header.route.handler;
    this.pattern = header.route.pattern;
    this.context = header.context;
    this.config = header.config;
    this.grants = header.grants;
    this.body = body;
  }

  /** The body decoded as UTF-8 (invalid sequences become U+FFFD, as with TextDecoder). */
  text(): string {
    return decodeUtf8(this.body.dataStart, <usize>this.body.byteLength);
  }

  /**
   * The body parsed as JSON into `T` (a `@json` class, `JSON.Obj`, `Map`, array, string, number...),
   * checked first so that bad input never traps: `ok` and `value`, or `error`, a message for the
   * client ("the body is not valid JSON", "the body: tags[1] must be a string, not a number").
   *
   *   const body = req.json<NoteEdit>();
   *   if (!body.ok) return req.invalid(body.error);
   *   const edit = body.value;
   */
  json<T>(maxDepth: i32 = JSON_DEFAULT_DEPTH): JsonResult<T> {
    return parseJson<T>(this.text(), 'the body', maxDepth);
  }

  /** An error answer in the system's envelope, carrying this call's request id. */
  error(status: i32, code: string, message: string, retriable: bool = false): Response {
    return Response.error(status, code, message, retriable, this.context.requestId);
  }

  /** `400 validation_failed` with `message` (e.g. a `JsonResult`'s `error`) and this call's request id. */
  invalid(message: string): Response {
    return this.error(400, 'validation_failed', message);
  }

  /** A refused or failed host call as the answer (see `Response.hostFailure`), with this call's request id. */
  hostFailure(error: HostError | null): Response {
    return Response.hostFailure(error, this.context.requestId);
  }

  /** A path parameter, or "" if absent. */
  param(name: string): string {
    return this.params.has(name) ? this.params.get(name) : '';
  }

  /** The first value of a query parameter, or null. */
  queryValue(name: string): string | null {
    if (!this.query.has(name)) return null;
    const values = this.query.get(name);
    return values.length > 0 ? values[0] : null;
  }

  /** Every value of a query parameter (empty if absent). */
  queryValues(name: string): string[] {
    return this.query.has(name) ? this.query.get(name) : [];
  }

  /** A request header (name matched case-insensitively), or null. */
  header(name: string): string | null {
    const key = name.toLowerCase();
    return this.headers.has(key) ? this.headers.get(key) : null;
  }

  /** Whether this call holds a capability (`log`, `storage.kv`, `secrets.read`, `http.fetch`, `user.read`). */
  hasGrant(capability: string): bool {
    return this.grants.includes(capability);
  }

  /** A string config value, or `fallback` if absent or not a string. */
  configString(name: string, fallback: string = ''): string {
    if (!this.config.has(name)) return fallback;
    const v = this.config.get(name);
    return v.type == JSON.Types.String ? v.get<string>() : fallback;
  }

  /** A numeric config value, or `fallback`. */
  configNumber(name: string, fallback: f64 = 0): f64 {
    if (!this.config.has(name)) return fallback;
    const v = this.config.get(name);
    const t = v.type;
    if (t == JSON.Types.F64) return v.get<f64>();
    if (t == JSON.Types.I64) return <f64>v.get<i64>();
    if (t == JSON.Types.I32) return <f64>v.get<i32>();
    return fallback;
  }

  /** A boolean config value, or `fallback`. */
  configBool(name: string, fallback: bool = false): bool {
    if (!this.config.has(name)) return fallback;
    const v = this.config.get(name);
    return v.type == JSON.Types.Bool ? v.get<bool>() : fallback;
  }
}
