/**
 * A path is checked segment by segment, after percent-decoding, so that `%2e%2e`, `%2f` and
 * overlong encodings cannot smuggle a traversal past a check made on the raw text.
 * Returns the reason a path is unsafe, or undefined.
 */
export function unsafeSegmentReason(segment: string): string | undefined {
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
