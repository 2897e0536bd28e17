/**
 * Masking of install secrets in what a handler logs. A courtesy against accidents — a handler that
 * logs a header it built, a URL, a token it decoded — not a boundary: a handler holds its secrets
 * and can always get them out (split, reversed, encrypted, or sent by egress). What it catches,
 * for each secret of at least `MIN_MASKED_LENGTH` characters:
 *
 * - the value in any letter case;
 * - its UTF-8 bytes in base64, standard and URL-safe, with or without padding — also inside a longer
 *   base64 text (a `Basic` credential `user:secret`), at any of the three byte alignments;
 * - its UTF-8 bytes in hex, lower or upper case;
 * - the value URL-encoded (`encodeURIComponent`, and the `+`-for-space form encoding).
 */

export const SECRET_MARK = '[secret]';

/**
 * Shorter values are not masked: hiding every "abc" would garble ordinary text, and a secret that
 * short is guessable anyway.
 */
export const MIN_MASKED_LENGTH = 4;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The base64 characters that depend only on the secret's bytes when they follow `offset` other bytes
 * (0-2: the three alignments). Whatever surrounds the secret in a longer encoded text, one of the
 * three appears in it.
 */
function base64Core(bytes: Buffer, offset: number): string {
  const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
  const first = Math.ceil((offset * 8) / 6);
  const end = Math.floor(((offset + bytes.length) * 8) / 6);
  return encoded.slice(first, end);
}

function base64Forms(bytes: Buffer): string[] {
  const padded = bytes.toString('base64');
  const forms = [padded, padded.replace(/=+$/, '')];
  for (let offset = 0; offset < 3; offset++) forms.push(base64Core(bytes, offset));
  // The same texts in the URL-safe alphabet.
  return [...forms, ...forms.map((form) => form.replace(/\+/g, '-').replace(/\//g, '_'))];
}

function caseInsensitiveForms(value: string, bytes: Buffer): string[] {
  return [
    value,
    bytes.toString('hex'),
    encodeURIComponent(value),
    new URLSearchParams({ v: value }).toString().slice('v='.length),
  ];
}

/** One pattern matching any of `forms`, longest first so the longest match wins. */
function alternation(forms: Iterable<string>, flags: string): RegExp | undefined {
  const distinct = [...new Set(forms)].filter((form) => form.length >= MIN_MASKED_LENGTH);
  if (distinct.length === 0) return undefined;
  distinct.sort((a, b) => b.length - a.length);
  return new RegExp(distinct.map(escapeRegExp).join('|'), flags);
}

/**
 * A function that replaces every occurrence of the secrets, plain or encoded (see above), with
 * `[secret]`; text without them comes back unchanged. Build it once per call, use it per log line.
 */
export function secretMasker(secrets: Iterable<string>): (text: string) => string {
  const caseSensitive: string[] = [];
  const caseInsensitive: string[] = [];
  for (const value of secrets) {
    if (value.length < MIN_MASKED_LENGTH) continue;
    const bytes = Buffer.from(value, 'utf8');
    caseSensitive.push(...base64Forms(bytes));
    caseInsensitive.push(...caseInsensitiveForms(value, bytes));
  }
  // Base64 is case-sensitive: matched as written, so ordinary words that differ in case stay.
  const patterns = [alternation(caseSensitive, 'g'), alternation(caseInsensitive, 'giu')].filter(
    (pattern): pattern is RegExp => pattern !== undefined,
  );
  if (patterns.length === 0) return (text) => text;
  return (text) => patterns.reduce((masked, pattern) => masked.replace(pattern, SECRET_MARK), text);
}
