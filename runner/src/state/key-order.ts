/**
 * The order of KV keys everywhere: ascending Unicode code points, which is the byte order of their
 * UTF-8 — what SQLite's BINARY collation gives the stored rows. JavaScript's `<` compares UTF-16
 * code units instead, and puts a key with a character above U+FFFF (a surrogate pair) before one
 * with a character in U+E000–U+FFFF: merging a call's own writes with `<` would disorder a page.
 */
export function compareKeys(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // Only where a surrogate meets a unit of U+E000–U+FFFF does UTF-16 order differ from code points.
    const xSurrogate = x >= 0xd800 && x <= 0xdfff;
    const ySurrogate = y >= 0xd800 && y <= 0xdfff;
    if (xSurrogate !== ySurrogate && Math.max(x, y) >= 0xe000) return xSurrogate ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}
