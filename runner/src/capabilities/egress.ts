import { Agent, request } from 'undici';
import type { HostCallResult } from '@extsys/protocol';
import { errorEnvelope } from '@extsys/protocol';

export interface FetchArgs {
  method: string;
  url: string;
  headers?: Record<string, string> | undefined;
  body?: string | undefined;
  timeoutMs?: number | undefined;
}

const MAX_REDIRECTS = 3;
export const MAX_FETCH_RESPONSE_BYTES = 512 * 1024;
/** Headers a handler may not set on an outgoing request. */
const FORBIDDEN_REQUEST_HEADERS = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'upgrade']);

const denied = (message: string): HostCallResult => ({ ok: false, error: errorEnvelope('egress_denied', message) });

/**
 * `http.fetch` for handlers: deny by default, allow only origins in the call's allowlist (the
 * manifest's `http.allow` ∩ the install's egress list), follow a redirect only to another allowed
 * origin, stop at the remaining deadline, cap the body. Every refusal is a result, never a throw.
 */
export class EgressFetcher {
  private readonly agent = new Agent({ connections: 64, maxRedirections: 0 } as ConstructorParameters<typeof Agent>[0]);

  async fetch(args: FetchArgs, allowed: ReadonlySet<string>, deadlineAt: number): Promise<HostCallResult> {
    let url: URL;
    try {
      url = new URL(args.url);
    } catch {
      return denied(`"${args.url}" is not a URL`);
    }
    const headers = Object.fromEntries(
      Object.entries(args.headers ?? {}).filter(([name]) => !FORBIDDEN_REQUEST_HEADERS.has(name.toLowerCase())),
    );
    let method = args.method;
    let body = args.body;
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      if (!allowed.has(url.origin)) {
        return denied(
          hop === 0
            ? `${url.origin} is not in this extension's egress allowlist`
            : `the redirect to ${url.origin} leaves this extension's egress allowlist`,
        );
      }
      const remaining = Math.min(args.timeoutMs ?? 10_000, deadlineAt - Date.now() - 20);
      if (remaining <= 0) return { ok: false, error: errorEnvelope('timeout', 'no time is left before the deadline') };
      let response;
      try {
        response = await request(url, {
          method: method as 'GET',
          headers,
          body,
          dispatcher: this.agent,
          signal: AbortSignal.timeout(remaining),
          headersTimeout: remaining,
          bodyTimeout: remaining,
        });
      } catch (error) {
        const timedOut = (error as Error).name === 'TimeoutError' || /timeout/i.test((error as Error).message);
        return {
          ok: false,
          error: errorEnvelope(
            timedOut ? 'timeout' : 'bad_gateway',
            `fetch ${url.origin}: ${(error as Error).message}`,
          ),
        };
      }
      const location = response.headers.location;
      if (response.statusCode >= 300 && response.statusCode < 400 && typeof location === 'string') {
        await response.body.dump();
        url = new URL(location, url);
        if (
          response.statusCode === 303 ||
          ((response.statusCode === 301 || response.statusCode === 302) && method === 'POST')
        ) {
          method = 'GET';
          body = undefined;
        }
        continue;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of response.body as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > MAX_FETCH_RESPONSE_BYTES) {
          response.body.destroy();
          return {
            ok: false,
            error: errorEnvelope(
              'response_too_large',
              `the response from ${url.origin} exceeds ${MAX_FETCH_RESPONSE_BYTES} bytes`,
            ),
          };
        }
        chunks.push(chunk);
      }
      const responseHeaders: Record<string, string> = {};
      for (const [name, value] of Object.entries(response.headers)) {
        if (typeof value === 'string' && /^[\t\x20-\x7e\x80-\xff]*$/.test(value)) responseHeaders[name] = value;
      }
      return {
        ok: true,
        value: { status: response.statusCode, headers: responseHeaders, body: Buffer.concat(chunks).toString('utf8') },
      };
    }
    return denied(`more than ${MAX_REDIRECTS} redirects`);
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}
