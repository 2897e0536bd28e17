// Masking secrets in handler logs: the plain value in any case and its common encodings (issue #22:
// an upper-cased, base64 or hex secret was logged verbatim). A courtesy, not a boundary.
import { describe, expect, it } from 'vitest';
import { SECRET_MARK, secretMasker } from '../src/engine/secret-mask.js';

// `>>>` and `???` make base64 with `+` and `/`, so the URL-safe alphabet differs; `@`, `/`, ` ` and
// `&` make the URL-encoded forms differ from the value.
const SECRET = 'sk_live_>>>???_P@ss/w rd&421';
const bytes = Buffer.from(SECRET, 'utf8');
const mask = secretMasker([SECRET, 'other-secret-value']);

function expectMasked(encoded: string) {
  const line = `calling the API with ${encoded} now`;
  expect(mask(line), encoded).toBe(`calling the API with ${SECRET_MARK} now`);
}

describe('secretMasker', () => {
  it('masks the plain value in any letter case', () => {
    for (const form of [SECRET, SECRET.toUpperCase(), SECRET.toLowerCase(), 'SK_Live_>>>???_p@SS/W RD&421']) {
      expectMasked(form);
    }
  });

  it('masks standard base64, with and without padding', () => {
    const padded = bytes.toString('base64');
    expect(padded).toMatch(/[+/]/);
    expect(padded).toMatch(/=$/);
    expectMasked(padded);
    expectMasked(padded.replace(/=+$/, ''));
  });

  it('masks URL-safe base64, with and without padding', () => {
    const unpadded = bytes.toString('base64url');
    expect(unpadded).toMatch(/[-_]/);
    expectMasked(unpadded);
    expectMasked(`${unpadded}${'='.repeat((4 - (unpadded.length % 4)) % 4)}`);
  });

  it('masks the secret inside a longer base64 text, whatever its alignment (a Basic credential)', () => {
    for (const prefix of ['', 'a', 'ab', 'api:']) {
      for (const encoding of ['base64', 'base64url'] as const) {
        const encoded = Buffer.from(`${prefix}${SECRET}!`, 'utf8').toString(encoding);
        const masked = mask(`Authorization: Basic ${encoded}`);
        expect(masked, `${prefix} ${encoding}`).toContain(SECRET_MARK);
        // What is left around the mark is at most the prefix's and suffix's few characters.
        expect(masked.replace(`Authorization: Basic `, '').replace(SECRET_MARK, '').length).toBeLessThan(10);
      }
    }
  });

  it('masks hex, lower and upper case', () => {
    expectMasked(bytes.toString('hex'));
    expectMasked(bytes.toString('hex').toUpperCase());
  });

  it('masks the URL-encoded value (encodeURIComponent and form encoding)', () => {
    const uri = encodeURIComponent(SECRET);
    expect(uri).not.toBe(SECRET);
    expectMasked(uri);
    expectMasked(uri.toLowerCase());
    expectMasked(new URLSearchParams({ key: SECRET }).toString().slice('key='.length));
    expect(mask(`https://api.example/v1?key=${uri}&page=2`)).toBe(`https://api.example/v1?key=${SECRET_MARK}&page=2`);
  });

  it('masks every secret, every time it appears', () => {
    expect(mask(`${SECRET} and other-secret-value and ${SECRET.toUpperCase()}`)).toBe(
      `${SECRET_MARK} and ${SECRET_MARK} and ${SECRET_MARK}`,
    );
  });

  it('leaves text without a secret untouched, and secrets too short to mask without garbling text', () => {
    const line =
      'fetched 3 quotes from https://quotes.example/api?page=2 in 41 ms (sk_live_... redacted by the author)';
    expect(mask(line)).toBe(line);
    expect(secretMasker(['abc'])('abc abcd ABC')).toBe('abc abcd ABC');
    expect(secretMasker([])(line)).toBe(line);
  });
});
