import * as z from 'zod/mini';
import { check, FORBIDDEN_KEYS } from './checks.js';

export { FORBIDDEN_KEYS };

/** A string with a length cap and no control characters: every free-text field goes through this. */
export function boundedText(maxLength: number, minLength = 1) {
  return z
    .string()
    .check(
      z.minLength(minLength),
      z.maxLength(maxLength),
      z.refine(check('text'), 'must not contain control characters'),
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
    z
      .unknown()
      .check(
        z.refine(check('noForbiddenKeys'), 'must not contain the keys "__proto__", "constructor" or "prototype"'),
        z.refine(check('maxEntries', maxEntries), `must not have more than ${maxEntries} entries`),
      ),
    z.record(key, value),
  );
}

/** An array schema whose items must be distinct (grant lists, feature lists). */
export function uniqueList<T extends z.ZodMiniType<string>>(item: T, max: number) {
  return z.array(item).check(z.maxLength(max), z.refine(check('unique'), 'must not list the same value twice'));
}
