import * as z from 'zod/mini';
import { check } from '../primitives/checks.js';

/** JSON data as `JSON.parse` returns it; `unknown` to the type system, checked at runtime. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * Plain JSON data of at most `maxBytes` UTF-8 bytes as JSON text: what crosses the bridge as an
 * author's own data (view state, a modal's input and result, a panel's subject). Anything
 * structured clone would carry but JSON would not (a Date, a Map, a class instance) is refused.
 */
export function jsonValue(maxBytes: number) {
  return z
    .custom<JsonValue>(check('json'), {
      error: 'must be plain JSON data (null, booleans, finite numbers, strings, arrays, plain objects)',
    })
    .check(z.refine(check('maxJsonBytes', maxBytes), `must be at most ${maxBytes} bytes as JSON`));
}
