import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';
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

/**
 * Addresses no handler may reach, whatever its allowlist says: this host, private networks,
 * link-local (cloud metadata at 169.254.169.254), CGNAT, multicast, and their IPv6 forms.
 */
const PRIVATE_NETWORKS = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  PRIVATE_NETWORKS.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 127],
  ['64:ff9b::', 96],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  PRIVATE_NETWORKS.addSubnet(net, prefix, 'ipv6');
}

/** Whether an IP address (v4, v6, or v4-mapped v6) is one a handler must not reach. */
export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) return PRIVATE_NETWORKS.check(mapped[1], 'ipv4');
  const family = isIP(address);
  if (family === 4) return PRIVATE_NETWORKS.check(address, 'ipv4');
  if (family === 6) return PRIVATE_NETWORKS.check(address, 'ipv6');
  return true;
}

class PrivateAddressError extends Error {
  override name = 'PrivateAddressError';
}

/** DNS lookup that refuses names resolving to a private address (and so DNS rebinding to one). */
const guardedLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
    if (error) return callback(error, '', 0);
    const refused = addresses.find((a) => isPrivateAddress(a.address));
    if (refused) {
      return callback(new PrivateAddressError(`${hostname} resolves to ${refused.address}, a private address`), '', 0);
    }
    if ((options as { all?: boolean }).all)
      return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
    const first = addresses[0];
    if (!first) return callback(new Error(`${hostname} has no address`), '', 0);
    return callback(null, first.address, first.family);
  });
};

const denied = (message: string): HostCallResult => ({ ok: false, error: errorEnvelope('egress_denied', message) });

/**
 * `http.fetch` for handlers: deny by default, allow only origins in the call's allowlist (the
 * manifest's `http.allow` ∩ the install's egress list), never a private or loopback address unless
 * the operator allows it (`EGRESS_ALLOW_PRIVATE_NETWORKS`), follow a redirect only to another
 * allowed origin (dropping the handler's headers when the origin changes), stop at the remaining
 * deadline, cap the body. Every refusal and failure is a result, never a throw.
 */
export class EgressFetcher {
  private readonly agent: Agent;

  constructor(private readonly options: { allowPrivateNetworks: boolean }) {
    this.agent = new Agent({
      connections: 64,
      ...(options.allowPrivateNetworks ? {} : { connect: { lookup: guardedLookup } }),
    });
  }

  async fetch(args: FetchArgs, allowed: ReadonlySet<string>, deadlineAt: number): Promise<HostCallResult> {
    let url: URL;
    try {
      url = new URL(args.url);
    } catch {
      return denied(`"${args.url}" is not a URL`);
    }
    let headers = Object.fromEntries(
      Object.entries(args.headers ?? {}).filter(([name]) => !FORBIDDEN_REQUEST_HEADERS.has(name.toLowerCase())),
    );
    let method = args.method;
    let body = args.body;
    try {
      for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
        if (!allowed.has(url.origin) || url.username || url.password) {
          return denied(
            hop === 0
              ? `${url.origin} is not in this extension's egress allowlist`
              : `the redirect to ${url.origin} leaves this extension's egress allowlist`,
          );
        }
        const literal = url.hostname.replace(/^\[|\]$/g, '');
        if (!this.options.allowPrivateNetworks && isIP(literal) && isPrivateAddress(literal)) {
          return denied(`${url.origin} is a private address, which handlers may not reach`);
        }
        const remaining = Math.min(args.timeoutMs ?? 10_000, deadlineAt - Date.now() - 20);
        if (remaining <= 0)
          return { ok: false, error: errorEnvelope('timeout', 'no time is left before the deadline') };
        const response = await request(url, {
          method: method as 'GET',
          headers,
          body,
          dispatcher: this.agent,
          signal: AbortSignal.timeout(remaining),
          headersTimeout: remaining,
          bodyTimeout: remaining,
        });
        const location = response.headers.location;
        if (response.statusCode >= 300 && response.statusCode < 400 && typeof location === 'string') {
          await response.body.dump();
          const next = new URL(location, url);
          if (next.origin !== url.origin) headers = {};
          url = next;
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
          value: {
            status: response.statusCode,
            headers: responseHeaders,
            body: Buffer.concat(chunks).toString('utf8'),
          },
        };
      }
      return denied(`more than ${MAX_REDIRECTS} redirects`);
    } catch (error) {
      const cause = (error as { cause?: unknown }).cause ?? error;
      if (cause instanceof PrivateAddressError) return denied(cause.message);
      const message = (error as Error).message;
      const timedOut = (error as Error).name === 'TimeoutError' || /timeout/i.test(message);
      return {
        ok: false,
        error: errorEnvelope(timedOut ? 'timeout' : 'bad_gateway', `fetch ${url.origin}: ${message}`),
      };
    }
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}
