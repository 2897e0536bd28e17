// Integers from the path and the query string, checked (a bad one is a 400, never a trap).

/** A decimal integer in [min, max], `fallback` when absent, or -1 when malformed or out of range. */
export function intParam(text: string | null, fallback: i32, min: i32, max: i32): i32 {
  if (text === null || text.length == 0) return fallback;
  const s = changetype<string>(text);
  if (s.length > 9) return -1;
  let n: i32 = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return -1;
    n = n * 10 + (c - 48);
  }
  return n < min || n > max ? -1 : n;
}
