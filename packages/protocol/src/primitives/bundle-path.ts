import * as z from 'zod/mini';
import { unsafeSegmentReason } from './path-segment.js';

/** Why `path` is not a safe relative path inside a bundle, or undefined when it is. */
export function bundlePathProblem(path: string): string | undefined {
  if (path.length === 0) return 'is empty';
  if (path.startsWith('/')) return 'is absolute';
  if (/^[A-Za-z]:/.test(path)) return 'starts with a drive letter';
  if (path.includes('\\')) return 'contains a backslash';
  if (path.includes('%')) return 'contains "%" (bundle paths are not URL-encoded)';
  // Bundles are canonical ustar archives: names are printable ASCII (no spaces either, so a path
  // reads the same in a URL, a shell and a log line).
  if (!/^[\x21-\x7e]+$/.test(path)) return 'has a space or a character outside printable ASCII';
  for (const segment of path.split('/')) {
    if (segment === '') return 'has an empty segment';
    if (segment.startsWith('.')) return 'has a hidden or "." / ".." segment';
    const reason = unsafeSegmentReason(segment);
    if (reason) return reason;
  }
  return undefined;
}

/** A file path inside a bundle, e.g. `ui/index.html`: relative, no traversal, no hidden files. */
export const BundlePath = z.string().check(
  z.maxLength(256),
  z.refine((path) => bundlePathProblem(path) === undefined, {
    error: (issue) => `must be a relative path inside the bundle (it ${bundlePathProblem(String(issue.input))})`,
    abort: true,
  }),
);
export type BundlePath = z.infer<typeof BundlePath>;
