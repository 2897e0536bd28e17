import type { JWK } from 'jose';
import type { RecordedRunnerCall } from './recording-proxy.js';

/** One HTTP request of a case, as a client sends it to the host. */
export interface ConformanceRequest {
  method: string;
  /** Path and query on the host, e.g. `/api/ext/com.extsys.conformance/headers?x=1`. */
  path: string;
  /** Sent exactly as given (lower-case names), hop-by-hop headers included. */
  headers?: Record<string, string>;
  /**
   * The body. Sent with its `content-length`, unless `headers['transfer-encoding']` is `chunked`:
   * then it is streamed in chunks with no declared length.
   */
  body?: Uint8Array | string;
}

/** The host's answer. */
export interface ConformanceResponse {
  status: number;
  /** Lower-case names; a repeated header (`set-cookie`) joined with ", ". */
  headers: Record<string, string>;
  body: Uint8Array;
}

/** Sends one request to the host under test. */
export type ConformanceSender = (request: ConformanceRequest) => Promise<ConformanceResponse>;

/** One install of an extension, as the host recorded it: what a token for it carries. */
export interface ConformanceInstall {
  tenantId: string;
  extensionId: string;
  /** The install's id (the token's `ins`). */
  installId: string;
  /** The installed bundle's content hash (the token's `ch`). */
  contentHash: string;
  /** A user of the tenant (the token's `sub`). */
  userId: string;
}

/**
 * The host under test, as the suite needs it. Every install must be of the conformance extension
 * (`conformanceExtension()`: its endpoints `GET /headers`, `POST /echo`, `GET /set-cookie`), under
 * whatever extension id the host published it.
 */
export interface ConformanceTarget {
  /** Sends to the host, whose runner is reached through `runner` (see `startRecordingProxy`). */
  send: ConformanceSender;
  /**
   * Sends to the same host configuration (same signing key, same installs) with a runner that
   * cannot be reached, e.g. a runner URL on a closed port.
   */
  sendRunnerDown: ConformanceSender;
  /** Where the host serves extension API calls (default `/api/ext`). */
  basePath?: string;
  /** The host's token issuer (`iss`) and its signing key: the private Ed25519 JWK, with its `kid`. */
  tokens: { issuer: string; signingKey: JWK };
  installs: {
    /** The install most cases call. */
    primary: ConformanceInstall;
    /** Another tenant's install of the same extension. */
    otherTenant: ConformanceInstall;
    /** An install of another extension (same code, another extension id), for the same tenant or any. */
    otherExtension: ConformanceInstall;
    /**
     * An install whose tenant + extension no other case calls: the rate-limit case spends its
     * whole burst. May be `otherExtension` (no other case reaches its handler).
     */
    rateLimited: ConformanceInstall;
  };
  limits: {
    /** The request body cap in bytes. */
    maxBodyBytes: number;
    /** Calls a tenant + extension may make at once before `429 rate_limited` (the burst). */
    rateLimitBurst: number;
  };
  /** An origin the host allows for CORS (default `null`, a sandboxed extension frame's). */
  allowedOrigin?: string;
  /** What reached the runner: the calls recorded by the proxy in front of it. */
  runnerCalls(): readonly RecordedRunnerCall[];
}

/** One check of the suite: throws an Error saying what was expected and what came back. */
export interface ConformanceCase {
  /** A stable, readable name, e.g. `tokens: an expired token is 401 token_expired`. */
  name: string;
  run(target: ConformanceTarget): Promise<void>;
}
