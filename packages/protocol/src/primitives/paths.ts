import * as z from 'zod/mini';
import { unsafeSegmentReason } from './path-segment.js';

/** Why `path` is not a safe extension API path (what follows `/api/ext/{id}`), or undefined. */
export function apiPathProblem(path: string): string | undefined {
  if (!path.startsWith('/')) return 'does not start with "/"';
  if (path.startsWith('//')) return 'starts with "//"';
  if (path.includes('\\')) return 'contains a backslash';
  if (path.includes('#')) return 'contains a fragment';
  const pathname = path.split('?', 1)[0] ?? '';
  for (const segment of pathname.slice(1).split('/')) {
    const reason = unsafeSegmentReason(segment);
    if (reason) return reason;
  }
  return undefined;
}

/**
 * An extension API path with an optional query, e.g. `/items/42?view=full`. It is appended to
 * `/api/ext/{extensionId}` by the SDK or the host, so it must never climb out of that prefix.
 */
export const ApiPath = z.string().check(
  z.maxLength(2048),
  z.refine(
    (path) => apiPathProblem(path) === undefined,
    'must start with "/" and have no "..", "." or encoded "/" segments, backslash or fragment',
  ),
);
export type ApiPath = z.infer<typeof ApiPath>;

/** An origin: scheme + host [+ port], nothing else. `https://api.example.com:8443`. */
export function originProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'is not a URL';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must use http or https';
  if (url.username || url.password) return 'must not carry credentials';
  if (!/^(?:[a-z0-9-]+(?:\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])$/.test(url.hostname)) return 'must name a host (no wildcards)';
  if (url.origin !== value) return `must be an origin only (scheme://host[:port]), such as "${url.origin}"`;
  return undefined;
}
export const Origin = z.string().check(
  z.maxLength(256),
  z.refine(
    (value) => originProblem(value) === undefined,
    'must be an http(s) origin (scheme://host[:port]) with no path, query or credentials',
  ),
);
export type Origin = z.infer<typeof Origin>;

/** An absolute http(s) URL (gateway base, links the host may open). */
export const HttpUrl = z.string().check(
  z.maxLength(2048),
  z.refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'https:' || url.protocol === 'http:') && !url.username && !url.password;
    } catch {
      return false;
    }
  }, 'must be an absolute http(s) URL without credentials'),
);
export type HttpUrl = z.infer<typeof HttpUrl>;
