import * as z from 'zod/mini';

/**
 * A path is checked segment by segment, after percent-decoding, so that `%2e%2e`, `%2f` and
 * overlong encodings cannot smuggle a traversal past a check made on the raw text.
 * Returns the reason a path is unsafe, or undefined.
 */
function unsafeSegmentReason(segment: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(segment);
  } catch {
    return 'has a malformed percent-encoding';
  }
  if (decoded === '.' || decoded === '..') return 'has a "." or ".." segment';
  if (decoded.includes('/') || decoded.includes('\\')) return 'has an encoded "/" or "\\"';
  if (/[\u0000-\u001f\u007f]/.test(decoded)) return 'has a control character';
  return undefined;
}

/** Why `path` is not a safe relative path inside a bundle, or undefined when it is. */
export function bundlePathProblem(path: string): string | undefined {
  if (path.length === 0) return 'is empty';
  if (path.startsWith('/')) return 'is absolute';
  if (/^[A-Za-z]:/.test(path)) return 'starts with a drive letter';
  if (path.includes('\\')) return 'contains a backslash';
  if (path.includes('%')) return 'contains "%" (bundle paths are not URL-encoded)';
  for (const segment of path.split('/')) {
    if (segment === '') return 'has an empty segment';
    if (segment.startsWith('.')) return 'has a hidden or "." / ".." segment';
    const reason = unsafeSegmentReason(segment);
    if (reason) return reason;
  }
  return undefined;
}

/** A file path inside a bundle, e.g. `ui/index.html`: relative, no traversal, no hidden files. */
export const BundlePath = z
  .string()
  .check(
    z.maxLength(256),
    z.refine(
      (path) => bundlePathProblem(path) === undefined,
      { error: 'must be a relative path inside the bundle (no leading "/", "..", "\\", hidden or empty segments)', abort: true },
    ),
  );
export type BundlePath = z.infer<typeof BundlePath>;

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
export const ApiPath = z
  .string()
  .check(
    z.maxLength(2048),
    z.refine(
      (path) => apiPathProblem(path) === undefined,
      'must start with "/" and have no "..", "." or encoded "/" segments, backslash or fragment',
    ),
  );
export type ApiPath = z.infer<typeof ApiPath>;

/**
 * A manifest endpoint pattern: `/`, `/items`, `/items/:id`. Literal segments use URL-safe
 * characters only; `:name` matches exactly one non-empty segment.
 */
export const ENDPOINT_PATH_PATTERN =
  /^\/(?:(?:[A-Za-z0-9_~-][A-Za-z0-9._~-]*|:[A-Za-z_][A-Za-z0-9_]*)(?:\/(?:[A-Za-z0-9_~-][A-Za-z0-9._~-]*|:[A-Za-z_][A-Za-z0-9_]*))*)?$/;
export const EndpointPath = z
  .string()
  .check(
    z.maxLength(512),
    z.regex(
      ENDPOINT_PATH_PATTERN,
      'must be "/" or "/segment/:param" with URL-safe literal segments (no "..", no empty segments)',
    ),
  );
export type EndpointPath = z.infer<typeof EndpointPath>;

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
  if (url.origin !== value) return `must be an origin only (scheme://host[:port]), such as "${url.origin}"`;
  return undefined;
}
export const Origin = z
  .string()
  .check(
    z.maxLength(256),
    z.refine(
      (value) => originProblem(value) === undefined,
      'must be an http(s) origin (scheme://host[:port]) with no path, query or credentials',
    ),
  );
export type Origin = z.infer<typeof Origin>;

/** An absolute http(s) URL (gateway base, links the host may open). */
export const HttpUrl = z
  .string()
  .check(
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
