// Zod-free path and URL checks, so a bundle that only needs the checks (the ext SDK) does not pull
// in the schemas that use them.
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

/** An absolute http(s) URL without credentials. */
export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && !url.username && !url.password;
  } catch {
    return false;
  }
}
