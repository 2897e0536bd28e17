import * as z from 'zod/mini';

/**
 * Keys that would reach an object's prototype when a parsed record is later merged or assigned.
 * zod drops `__proto__` silently; extsys refuses all three loudly so an attack is visible and counted.
 */
export const FORBIDDEN_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype'];

const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;

/** A string with a length cap and no control characters: every free-text field goes through this. */
export function boundedText(maxLength: number, minLength = 1) {
  return z.string().check(
    z.minLength(minLength),
    z.maxLength(maxLength),
    z.refine((value) => !CONTROL_CHARS.test(value), 'must not contain control characters'),
  );
}

/**
 * A string → value map that rejects prototype-polluting keys before zod's own record parsing
 * (which would otherwise drop them without a word) and caps the number of entries.
 */
export function safeRecord<K extends z.ZodMiniType<string, string>, V extends z.ZodMiniType>(
  key: K,
  value: V,
  maxEntries: number,
) {
  return z.pipe(
    z.unknown().check(
      z.refine(
        (input) =>
          typeof input !== 'object' ||
          input === null ||
          !FORBIDDEN_KEYS.some((k) => Object.prototype.hasOwnProperty.call(input, k)),
        'must not contain the keys "__proto__", "constructor" or "prototype"',
      ),
      z.refine(
        (input) => typeof input !== 'object' || input === null || Object.keys(input).length <= maxEntries,
        `must not have more than ${maxEntries} entries`,
      ),
    ),
    z.record(key, value),
  );
}

/** An array schema whose items must be distinct (grant lists, feature lists). */
export function uniqueList<T extends z.ZodMiniType<string>>(item: T, max: number) {
  return z.array(item).check(
    z.maxLength(max),
    z.refine((items) => new Set(items).size === items.length, 'must not list the same value twice'),
  );
}
