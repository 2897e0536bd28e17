import { JSON } from 'json-as';
import { quote, stringMapJson } from './json';
import { HostError } from './host';

/** What a route handler returns. Header names are stored lower-cased. */
export class Response {
  headers: Map<string, string> = new Map<string, string>();

  constructor(
    public status: i32,
    public body: Uint8Array = new Uint8Array(0),
  ) {}

  /** `value` serialized with json-as (`@json` class, `JSON.Obj`, `Map`, array, string, number...). */
  static json<T>(status: i32, value: T): Response {
    return Response.rawJson(status, JSON.stringify<T>(value));
  }

  /** A body that is already JSON text. */
  static rawJson(status: i32, json: string): Response {
    return Response.text(status, json).header('content-type', 'application/json; charset=utf-8');
  }

  static text(status: i32, text: string): Response {
    const r = new Response(status, Uint8Array.wrap(String.UTF8.encode(text)));
    return r.header('content-type', 'text/plain; charset=utf-8');
  }

  static bytes(status: i32, body: Uint8Array, contentType: string = 'application/octet-stream'): Response {
    return new Response(status, body).header('content-type', contentType);
  }

  static empty(status: i32 = 204): Response {
    return new Response(status);
  }

  /**
   * The system's error answer, `{"error":{"code","message","retriable","status","requestId"}}` — the
   * envelope the gateway passes through and the ext SDK reads, so the UI sees this exact `code`.
   * `code` must be one of @extsys/protocol's error codes. `requestId` (left out when empty) lets a
   * person quote the failing call: `req.error(...)` fills it in.
   */
  static error(status: i32, code: string, message: string, retriable: bool = false, requestId: string = ''): Response {
    return Response.rawJson(
      status,
      '{"error":{"code":' +
        quote(code) +
        ',"message":' +
        quote(message) +
        ',"retriable":' +
        (retriable ? 'true' : 'false') +
        ',"status":' +
        status.toString() +
        (requestId.length > 0 ? ',"requestId":' + quote(requestId) : '') +
        '}}',
    );
  }

  /**
   * A refused or failed host call as the handler's answer, keeping the runner's code
   * (`capability_denied`, `egress_denied`, `quota_exceeded`, `timeout`...) and retriable flag.
   */
  static hostFailure(error: HostError | null, requestId: string = ''): Response {
    if (error === null) return Response.error(500, 'internal', 'a host call failed without an error', false, requestId);
    const e = changetype<HostError>(error);
    let status = e.status;
    if (status < 400) status = e.code == 'capability_denied' || e.code == 'egress_denied' ? 403 : 502;
    return Response.error(status, e.code, e.message, e.retriable, requestId);
  }

  /** Sets a header (the runner and gateway keep only allow-listed ones). */
  header(name: string, value: string): Response {
    this.headers.set(name.toLowerCase(), value);
    return this;
  }

  /** The frame header JSON: `{"status":200,"headers":{...}}`. */
  headerJson(): string {
    return '{"status":' + this.status.toString() + ',"headers":' + stringMapJson(this.headers) + '}';
  }
}
