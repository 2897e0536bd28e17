import { bundlePathProblem } from '@extsys/protocol';
import { RunnerError } from '../errors.js';

const MAX_RAW_PATH = 1024;

/**
 * Turns the raw (still percent-encoded) file part of an `/ext-ui/...` URL into a bundle path
 * below the UI folder, or throws `path_invalid`. Checks run on every segment before and after
 * decoding, so `..`, `%2e%2e`, `%2f`, `%5c`, backslashes, NUL, control characters, overlong UTF-8,
 * double encoding (`%252e` decodes to a literal `%`), hidden files and empty segments are all a
 * 400 — and no check ever touches the filesystem. Returns '' for the UI root.
 */
export function decodeAssetPath(raw: string): string {
  if (raw.length > MAX_RAW_PATH)
    throw new RunnerError('path_invalid', `asset path is longer than ${MAX_RAW_PATH} characters`);
  if (raw === '') return '';
  // One trailing slash names a "directory": a client-side route, served the entry.
  const trimmed = raw.endsWith('/') ? raw.slice(0, -1) : raw;
  if (trimmed === '') return '';
  const decoded: string[] = [];
  for (const segment of trimmed.split('/')) {
    if (segment === '') throw new RunnerError('path_invalid', 'asset path has an empty segment ("//")');
    if (/[\\\u0000-\u001f\u007f]/.test(segment)) {
      throw new RunnerError('path_invalid', 'asset path contains a backslash or a control character');
    }
    let value: string;
    try {
      value = decodeURIComponent(segment);
    } catch {
      throw new RunnerError('path_invalid', 'asset path has a malformed percent-encoding');
    }
    decoded.push(value);
  }
  const path = decoded.join('/');
  if (decoded.some((segment) => segment.includes('/'))) {
    throw new RunnerError('path_invalid', 'asset path has an encoded "/" in a segment');
  }
  const problem = bundlePathProblem(path);
  if (problem) throw new RunnerError('path_invalid', `asset path ${problem}`);
  return path;
}

/** Extension-less last segment: a client-side route, answered with the entry HTML. */
export function isRoutePath(path: string): boolean {
  const last = path.slice(path.lastIndexOf('/') + 1);
  return path === '' || !last.includes('.');
}
