// Plain JSON data without zod (the ext SDK runs these checks through CHECKS, the host through zod).
import { FORBIDDEN_KEYS } from './forbidden-keys.js';

/** How deep JSON data may nest: deep enough for any view state, shallow enough for any stack. */
export const MAX_JSON_DEPTH = 64;

/**
 * Whether `value` is what `JSON.parse` could have produced: null, booleans, finite numbers,
 * strings, arrays and plain objects, nested at most `MAX_JSON_DEPTH` deep, without the keys that
 * reach a prototype. A Date, a Map, a class instance or `undefined` inside is refused rather than
 * silently changed by a later `JSON.stringify`.
 */
export function isJsonData(value: unknown, depth = 0): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (typeof value !== 'object' || depth >= MAX_JSON_DEPTH) return false;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (!isJsonData(value[i], depth + 1)) return false;
    return true;
  }
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return false;
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.includes(key) || !isJsonData((value as Record<string, unknown>)[key], depth + 1)) return false;
  }
  return true;
}

/** The UTF-8 length of `value` as JSON text (what a store keeps and a cap is about). */
export function jsonByteLength(value: unknown): number {
  return new TextEncoder().encode(JSON.stringify(value) ?? '').byteLength;
}
