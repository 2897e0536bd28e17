import type * as z from 'zod/mini';
import type { HandlerRequest } from '@extsys/protocol/execute';
import { parseJsonText, validated } from './json-body.js';
import { exactBuffer } from './bytes.js';
import { runner } from './runner-global.js';

export type CallContext = HandlerRequest['context'];
export type Capability = HandlerRequest['grants'][number];

/** What an implementation knows about the call, beyond its typed body, params and query. */
export class ExtRequest<Params extends Record<string, string> = Record<string, string>> {
  /** Upper-case. */
  readonly method: HandlerRequest['http']['method'];
  /** The pathname below `/api/ext/{extensionId}`, without the query: `/items/42`. */
  readonly path: string;
  /** Every value of every query parameter, in order: `?tag=a&tag=b` → `{tag: ['a', 'b']}`. */
  readonly query: Readonly<Record<string, readonly string[]>>;
  /** The request headers the gateway forwards (an allowlist), lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  /** The path parameters the gateway matched (`/items/:id` → `{id}`). */
  readonly params: Readonly<Params>;
  /** The manifest endpoint's handler name: the contract endpoint's name. */
  readonly handler: string;
  /** The manifest endpoint's pattern: `/items/:id`. */
  readonly pattern: string;
  /** `requestId`, `tenantId`, `extensionId`, `installId`, `version`. */
  readonly context: Readonly<CallContext>;
  /** The install's non-secret configuration. */
  readonly config: Readonly<HandlerRequest['config']>;
  /** The capabilities this call holds (manifest ∩ install), to degrade gracefully. */
  readonly grants: readonly Capability[];
  /** The raw body. */
  readonly body: Uint8Array;

  constructor(header: HandlerRequest, body: Uint8Array) {
    const query = header.http.path.indexOf('?');
    this.method = header.http.method;
    this.path = query < 0 ? header.http.path : header.http.path.slice(0, query);
    this.query = header.http.query;
    this.headers = header.http.headers;
    this.params = header.route.params as Params;
    this.handler = header.route.handler;
    this.pattern = header.route.pattern;
    this.context = header.context;
    this.config = header.config;
    this.grants = header.grants;
    this.body = body;
  }

  /** The body as UTF-8 text. */
  text(): string {
    return runner().utf8Decode(exactBuffer(this.body));
  }

  /**
   * The body parsed as JSON and validated with `schema`; throws a 400 `validation_failed` naming
   * the field (`body.title: must have at most 80 characters`), which becomes the answer. (An
   * endpoint that declares its `body` in the contract gets it already validated.)
   */
  json<S extends z.core.$ZodType>(schema: S): z.output<S> {
    return validated(schema, parseJsonText(this.text(), 'body'), 'body');
  }

  /** A request header (any case), or undefined. */
  header(name: string): string | undefined {
    const key = name.toLowerCase();
    return Object.hasOwn(this.headers, key) ? this.headers[key] : undefined;
  }

  /** The first value of a query parameter, or undefined. */
  queryValue(name: string): string | undefined {
    return Object.hasOwn(this.query, name) ? this.query[name]?.[0] : undefined;
  }

  hasGrant(capability: Capability): boolean {
    return this.grants.includes(capability);
  }
}
