// The predicates behind the protocol's zod refinements, zod-free and named.
//
// zod keeps a refinement as an anonymous function, so nothing could tell what it checks. Every
// refinement of the bridge schemas goes through `check(name, ...args)`, which registers its
// predicate under a name: the ext SDK's build-time validator generator
// (packages/ext-sdk/scripts/generate-validators.mjs) maps each refinement back to `CHECKS[name]`,
// and the SDK runs the very same predicate without zod.
import { tokenValueProblem, type TokenKind } from '../theme/values.js';
import { apiPathProblem, isHttpUrl, originProblem } from './path-problems.js';
import { FORBIDDEN_KEYS } from './forbidden-keys.js';
import { isJsonData, jsonByteLength } from './json-data.js';

export { FORBIDDEN_KEYS };

const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;
const isObject = (input: unknown): input is object => typeof input === 'object' && input !== null;

export const CHECKS = {
  /** Free text: no control characters. */
  text: (value: string) => !CONTROL_CHARS.test(value),
  apiPath: (path: string) => apiPathProblem(path) === undefined,
  origin: (value: string) => originProblem(value) === undefined,
  httpUrl: isHttpUrl,
  unique: (items: readonly unknown[]) => new Set(items).size === items.length,
  noForbiddenKeys: (input: unknown) =>
    !isObject(input) || !FORBIDDEN_KEYS.some((k) => Object.prototype.hasOwnProperty.call(input, k)),
  maxEntries: (input: unknown, max: number) => !isObject(input) || Object.keys(input).length <= max,
  tokenValue: (value: string, kind: TokenKind) => tokenValueProblem(kind, value) === undefined,
  bytes: (value: unknown) => value instanceof Uint8Array,
  maxBytes: (bytes: Uint8Array, max: number) => bytes.byteLength <= max,
  /** Plain JSON data (see `isJsonData`). */
  json: (value: unknown) => isJsonData(value),
  /** JSON data whose text is at most `max` UTF-8 bytes. */
  maxJsonBytes: (value: unknown, max: number) => jsonByteLength(value) <= max,
} as const;
export type CheckName = keyof typeof CHECKS;
type ExtraArgs<N extends CheckName> = (typeof CHECKS)[N] extends (value: never, ...rest: infer R) => boolean ? R : [];
type Subject<N extends CheckName> = Parameters<(typeof CHECKS)[N]>[0];

const NAMES = new WeakMap<object, readonly [CheckName, ...unknown[]]>();

/** The predicate `CHECKS[name]` with its extra arguments bound, registered under its name. */
export function check<N extends CheckName>(name: N, ...args: ExtraArgs<N>): (value: Subject<N>) => boolean {
  const fn = CHECKS[name] as (value: unknown, ...rest: unknown[]) => boolean;
  const bound = (value: Subject<N>) => fn(value, ...(args as unknown[]));
  NAMES.set(bound, [name, ...args]);
  return bound;
}

/** `[name, ...args]` of a predicate made by `check()`, or undefined for any other function. */
export function checkOf(fn: unknown): readonly [CheckName, ...unknown[]] | undefined {
  return typeof fn === 'function' ? NAMES.get(fn) : undefined;
}
