/**
 * One extension API call as the gateway sees it, whatever server received it: the web `Request`
 * (`handle`), node:http / Express and Fastify each build one. Lets an adapter skip building a web
 * `Request` and `Response` per call, and read the body only once the call has been authorized.
 */
export interface ExtExchange {
  method: string;
  /** Path and query as received, starting with the gateway's base path: `/api/ext/com.acme.hello/items/7?x=1`. */
  url: string;
  /** A request header by its lower-case name (a repeated header joined with ", "). */
  header(name: string): string | undefined;
  /**
   * The request body, at most `maxBytes` (else throws `payload_too_large`); called at most once, and
   * only after every check that needs no body has passed.
   */
  body(maxBytes: number): Promise<Uint8Array>;
  /** The id the host's server gave this request (its logs' id); else the kit mints one. */
  requestId?: string;
  /** The caller's address, for the audit event. */
  remoteAddress?: string;
}

/** The gateway's answer, for the adapter to write. */
export interface ExtAnswer {
  status: number;
  /** Lower-case names; `vary` and `cache-control` are always set. */
  headers: Record<string, string>;
  body: Uint8Array | string;
  /** The request body may be left unread: the connection should close after this answer. */
  closeConnection?: boolean;
}

/**
 * What a fetch-style server may pass beside the request. Open to other keys, so that `handle` is a
 * route handler as is (Next.js passes `{params}`, which the gateway does not need: the URL says it).
 */
export interface HandleContext {
  requestId?: string;
  remoteAddress?: string;
  [key: string]: unknown;
}
