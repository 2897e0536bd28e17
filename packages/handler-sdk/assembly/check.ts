// Checks JSON text before json-as parses it, so that a client's bad body becomes a 400 instead of a
// trap. json-as 1.6.0 traps (the whole instance dies: `handler_trap`) on malformed JSON and on many
// well-formed documents of the wrong shape, and silently gives wrong values for others (an `i32`
// field sent `1.5` becomes 85, `99999999999` wraps, `"x"` becomes 0). `checkJson<T>` rejects, with
// a message a person can act on:
// - empty text, nesting deeper than the limit, anything that is not RFC 8259 JSON, and numbers
//   that overflow an f64 (`1e400`: json-as would write it back as `Infinity`);
// - a value whose kind does not match what `T` needs — at the top level and, through the method
//   the SDK's transform generates in every `@json` class (`__EXTSYS_FIELD`), in every field,
//   array / StaticArray / Set / typed-array element and Map value and key it can see: strings,
//   booleans, integers (no fraction, no exponent, in the type's range), floats (finite in the
//   type), `null` only where the type is nullable, objects, arrays, `JSON.Box`, `JSON.Obj`,
//   `JSON.Arr`. `JSON.Value` and `JSON.Raw` accept any JSON.
// What it cannot see is passed to json-as unchecked (see docs/packages/handler-sdk.md#json-bodies): the contents of a
// `Date` string, classes with a custom `@deserializer`, fields inherited from a class that is not
// `@json`, and `@json` classes compiled without the SDK's transform (only "is an object" is
// checked for those).
import { JSON } from 'json-as';
import { validateJSON } from 'json-as/assembly/util/validateJson';

/** json-as's validator refuses deeper nesting than this whatever `maxDepth` says. */
export const JSON_MAX_DEPTH: i32 = 256;
/** The nesting `Request.json` and `parseJson` accept unless told otherwise. */
export const JSON_DEFAULT_DEPTH: i32 = 64;

const QUOTE: u16 = 0x22;
const BACKSLASH: u16 = 0x5c;
const COMMA: u16 = 0x2c;
const COLON: u16 = 0x3a;
const OPEN_BRACE: u16 = 0x7b;
const CLOSE_BRACE: u16 = 0x7d;
const OPEN_BRACKET: u16 = 0x5b;
const CLOSE_BRACKET: u16 = 0x5d;
const MINUS: u16 = 0x2d;
const LETTER_T: u16 = 0x74;
const LETTER_F: u16 = 0x66;
const LETTER_N: u16 = 0x6e;

/** The longest key shown in a problem's path, and the longest path. */
const MAX_KEY_SHOWN = 40;
const MAX_PATH_SHOWN = 300;

function isSpace(c: u16): bool {
  return c == 0x20 || c == 0x0a || c == 0x0d || c == 0x09;
}

function isDigit(c: u16): bool {
  return c >= 0x30 && c <= 0x39;
}

function skipSpace(p: usize, end: usize): usize {
  while (p < end && isSpace(load<u16>(p))) p += 2;
  return p;
}

/** Just past the closing quote of the string opening at `p` (valid JSON). */
function stringEnd(p: usize, end: usize): usize {
  p += 2;
  while (p < end) {
    const c = load<u16>(p);
    if (c == QUOTE) return p + 2;
    p += c == BACKSLASH ? 4 : 2;
  }
  return end;
}

/** Just past the value starting at `p` (valid JSON, no leading whitespace). */
function valueEnd(p: usize, end: usize): usize {
  const c = load<u16>(p);
  if (c == QUOTE) return stringEnd(p, end);
  if (c == OPEN_BRACE || c == OPEN_BRACKET) {
    let depth = 0;
    while (p < end) {
      const d = load<u16>(p);
      if (d == QUOTE) {
        p = stringEnd(p, end);
        continue;
      }
      if (d == OPEN_BRACE || d == OPEN_BRACKET) depth++;
      else if (d == CLOSE_BRACE || d == CLOSE_BRACKET) {
        if (--depth == 0) return p + 2;
      }
      p += 2;
    }
    return end;
  }
  while (p < end) {
    const d = load<u16>(p);
    if (d == COMMA || d == CLOSE_BRACE || d == CLOSE_BRACKET || isSpace(d)) break;
    p += 2;
  }
  return p;
}

/**
 * The deepest nesting of arrays and objects in `text`, counting only up to `limit + 1` (it stops
 * there). Safe on any text, JSON or not: brackets inside strings do not count.
 */
export function nestingDepth(text: string, limit: i32): i32 {
  let p = changetype<usize>(text);
  const end = p + ((<usize>text.length) << 1);
  let depth = 0;
  let deepest = 0;
  while (p < end) {
    const c = load<u16>(p);
    if (c == QUOTE) {
      p = stringEnd(p, end);
      continue;
    }
    if (c == OPEN_BRACE || c == OPEN_BRACKET) {
      if (++depth > deepest) {
        deepest = depth;
        if (deepest > limit) return deepest;
      }
    } else if ((c == CLOSE_BRACE || c == CLOSE_BRACKET) && depth > 0) depth--;
    p += 2;
  }
  return deepest;
}

/**
 * Whether every number in the valid JSON text [p, end) is finite as an f64: `1e400` is valid JSON
 * but json-as reads it as Infinity, which it then writes back as `Infinity` (not JSON).
 */
function numbersFinite(p: usize, end: usize): bool {
  while (p < end) {
    const c = load<u16>(p);
    if (c == QUOTE) {
      p = stringEnd(p, end);
      continue;
    }
    if (c == MINUS || isDigit(c)) {
      const ve = valueEnd(p, end);
      // Only an exponent or more than 308 digits can overflow.
      let risky = ve - p > 600;
      for (let q = p; !risky && q < ve; q += 2) risky = (load<u16>(q) | 0x20) == 0x65;
      if (risky && !isFinite(parseFloat(String.UTF16.decodeUnsafe(p, ve - p)))) return false;
      p = ve;
      continue;
    }
    p += 2;
  }
  return true;
}

function kindName(p: usize): string {
  const c = load<u16>(p);
  if (c == OPEN_BRACE) return 'an object';
  if (c == OPEN_BRACKET) return 'an array';
  if (c == QUOTE) return 'a string';
  if (c == LETTER_T || c == LETTER_F) return 'a boolean';
  if (c == LETTER_N) return 'null';
  return 'a number';
}

/** Where the last problem was found, relative to the value checked (`.name`, `[3]`...). */
let problemPath = '';

function mismatch<T>(expected: string, p: usize): string {
  problemPath = '';
  return 'must be ' + expected + (isNullable<T>() ? ' or null' : '') + ', not ' + kindName(p);
}

function outOfRange(message: string): string {
  problemPath = '';
  return message;
}

function shownKey(ks: usize, kl: usize): string {
  const units = <i32>(kl >> 1);
  const key = String.UTF16.decodeUnsafe(ks, units > MAX_KEY_SHOWN ? (<usize>MAX_KEY_SHOWN) << 1 : kl);
  return units > MAX_KEY_SHOWN ? key + '…' : key;
}

/** The range of integer type `T`, as text for a message. */
function integerRange<T>(): string {
  const bits = <u64>(sizeof<T>() << 3);
  if (isSigned<T>()) {
    const max: u64 = ((<u64>1) << (bits - 1)) - 1;
    return 'from -' + (max + 1).toString() + ' to ' + max.toString();
  }
  const max: u64 = bits == 64 ? u64.MAX_VALUE : ((<u64>1) << bits) - 1;
  return 'from 0 to ' + max.toString();
}

function checkInteger<T>(vs: usize, ve: usize): string | null {
  let p = vs;
  const negative = load<u16>(p) == MINUS;
  if (negative) p += 2;
  if (p >= ve || !isDigit(load<u16>(p))) return mismatch<T>('an integer', vs);
  // Magnitude, with overflow: anything past u64 is out of every range.
  let magnitude: u64 = 0;
  let overflow = false;
  for (let q = p; q < ve; q += 2) {
    const c = load<u16>(q);
    if (!isDigit(c)) return outOfRange('must be an integer ' + integerRange<T>() + ' (no fraction or exponent)');
    const digit = <u64>(c - 0x30);
    if (magnitude > (u64.MAX_VALUE - digit) / 10) overflow = true;
    else magnitude = magnitude * 10 + digit;
  }
  const bits = <u64>(sizeof<T>() << 3);
  let fits: bool;
  if (overflow) fits = false;
  else if (isSigned<T>()) {
    const max: u64 = ((<u64>1) << (bits - 1)) - 1;
    fits = negative ? magnitude <= max + 1 : magnitude <= max;
  } else {
    const max: u64 = bits == 64 ? u64.MAX_VALUE : ((<u64>1) << bits) - 1;
    fits = negative ? magnitude == 0 : magnitude <= max;
  }
  return fits ? null : outOfRange('must be an integer ' + integerRange<T>());
}

function checkFloat<T>(vs: usize, ve: usize): string | null {
  const c = load<u16>(vs);
  if (c != MINUS && !isDigit(c)) return mismatch<T>('a number', vs);
  const value = parseFloat(String.UTF16.decodeUnsafe(vs, ve - vs));
  const finite = sizeof<T>() == 4 ? isFinite(<f32>value) : isFinite(value);
  return finite ? null : outOfRange('is out of range');
}

/** `check<U>` with `U` inferred from an expression (used to reach `JSON.Box<U>`'s `U`). */
function checkLike<U>(_witness: U, vs: usize, ve: usize): string | null {
  return changetype<JsonCheck>(0).check<U>(vs, ve);
}

/** From the end of an object key's closing quote `ke + 2` (or any point before `:`) to its value. */
function memberValue(afterKey: usize, ve: usize): usize {
  const p = skipSpace(afterKey, ve);
  return load<u16>(p) == COLON ? skipSpace(p + 2, ve) : p;
}

/** From the end of a member or element to the next one, or to the closing bracket or brace. */
function nextItem(end: usize, ve: usize): usize {
  const p = skipSpace(end, ve);
  return load<u16>(p) == COMMA ? skipSpace(p + 2, ve) : p;
}

function checkElements<E>(vs: usize, ve: usize): string | null {
  let p = skipSpace(vs + 2, ve);
  let i = 0;
  while (load<u16>(p) != CLOSE_BRACKET) {
    const end = valueEnd(p, ve);
    const problem = changetype<JsonCheck>(0).check<E>(p, end);
    if (problem !== null) {
      problemPath = '[' + i.toString() + ']' + problemPath;
      return problem;
    }
    i++;
    p = nextItem(end, ve);
  }
  return null;
}

/** A problem with the key [ks, ke) (raw JSON string content) of a `Map<K, ...>`, or null. */
function checkMapKey<K>(ks: usize, ke: usize): string | null {
  if (isInteger<K>() && !isBoolean<K>()) {
    if (ks < ke && checkInteger<K>(ks, ke) === null) return null;
    return outOfRange('must have integer keys ' + integerRange<K>());
  }
  if (isFloat<K>()) {
    const c = ks < ke ? load<u16>(ks) : 0;
    if (c == MINUS || isDigit(<u16>c)) {
      const value = parseFloat(String.UTF16.decodeUnsafe(ks, ke - ks));
      if (!isNaN(value) && isFinite(value)) return null;
    }
    return outOfRange('must have numeric keys');
  }
  return null; // string keys (other key types are not checked)
}

/** Walks the members of the object at `vs` as a `Map`: keys and values against its key and value types. */
function checkMapMembers<T>(vs: usize, ve: usize): string | null {
  let p = skipSpace(vs + 2, ve);
  while (load<u16>(p) != CLOSE_BRACE) {
    const ks = p + 2;
    const ke = stringEnd(p, ve) - 2;
    p = memberValue(ke + 2, ve);
    const end = valueEnd(p, ve);
    const keyProblem = checkMapKey<indexof<nonnull<T>>>(ks, ke);
    if (keyProblem !== null) return keyProblem;
    const problem = changetype<JsonCheck>(0).check<valueof<nonnull<T>>>(p, end);
    if (problem !== null) {
      problemPath = '.' + shownKey(ks, ke - ks) + problemPath;
      return problem;
    }
    p = nextItem(end, ve);
  }
  return null;
}

/**
 * Walks the members of the object at `vs` as a `@json` class `T`: known keys are checked against
 * their field's type by the transform's `__EXTSYS_FIELD`, unknown keys are skipped (as json-as
 * skips them).
 */
function checkFields<T>(vs: usize, ve: usize): string | null {
  // A zeroed instance (no constructor run) to call the field method on: through an instance with
  // the right class id the call also works when a subclass overrides the method. A managed local,
  // so that the collector keeps it while the checks allocate.
  const witness = changetype<nonnull<T>>(__new(offsetof<nonnull<T>>(), idof<nonnull<T>>()));
  let p = skipSpace(vs + 2, ve);
  while (load<u16>(p) != CLOSE_BRACE) {
    const ks = p + 2;
    const ke = stringEnd(p, ve) - 2;
    p = memberValue(ke + 2, ve);
    const end = valueEnd(p, ve);
    // @ts-ignore: generated by the SDK's transform
    const problem: string | null = witness.__EXTSYS_FIELD<JsonCheck>(ks, ke - ks, p, end);
    if (problem !== null) {
      problemPath = '.' + shownKey(ks, ke - ks) + problemPath;
      return problem;
    }
    p = nextItem(end, ve);
  }
  return null;
}

/**
 * The type-directed check. An instance method (always called on a null `JsonCheck`: it reads no
 * state) so that code generated inside a `@json` class can name it without an import.
 */
@final
export class JsonCheck {
  /**
   * `check<T>` for the value of a `@json` class field (what the transform's generated code calls),
   * with json-as 1.6.0's field quirks: a `JSON.Value` or `JSON.Raw` field only ever receives an
   * object (any other value is silently dropped for the field's default), so only an object passes.
   */
  field<T>(vs: usize, ve: usize): string | null {
    if (isReference<T>() && !isString<T>()) {
      const type = changetype<nonnull<T>>(0);
      if (type instanceof JSON.Value || type instanceof JSON.Raw) {
        return load<u16>(vs) == OPEN_BRACE ? null : mismatch<nonnull<T>>('an object', vs);
      }
    }
    return this.check<T>(vs, ve);
  }

  /** A problem with the valid JSON value in [vs, ve) as a `T` ("must be a string, not a number"), or null. */
  check<T>(vs: usize, ve: usize): string | null {
    const c = load<u16>(vs);
    if (isBoolean<T>()) {
      return c == LETTER_T || c == LETTER_F ? null : mismatch<T>('true or false', vs);
    } else if (isInteger<T>()) {
      return checkInteger<T>(vs, ve);
    } else if (isFloat<T>()) {
      return checkFloat<T>(vs, ve);
    } else if (isString<T>()) {
      return c == QUOTE || (c == LETTER_N && isNullable<T>()) ? null : mismatch<T>('a string', vs);
    } else if (isReference<T>()) {
      const type = changetype<nonnull<T>>(0);
      if (type instanceof JSON.Value || type instanceof JSON.Raw) return null;
      if (c == LETTER_N) {
        if (isNullable<T>()) return null;
        // json-as reads `null` for a non-nullable reference as "keep the default" or traps.
        return mismatch<T>(expectedKind<T>(), vs);
      }
      if (type instanceof JSON.Box) {
        // @ts-ignore: Box has `value: T`; the load only gives the compiler U (the value is unused)
        return checkLike(type.value, vs, ve);
      }
      if (type instanceof JSON.Obj) return c == OPEN_BRACE ? null : mismatch<T>('an object', vs);
      if (type instanceof JSON.Arr) return c == OPEN_BRACKET ? null : mismatch<T>('an array', vs);
      if (type instanceof Date) return c == QUOTE ? null : mismatch<T>('a string', vs);
      if (type instanceof Array || type instanceof StaticArray || type instanceof ArrayBufferView) {
        if (c != OPEN_BRACKET) return mismatch<T>('an array', vs);
        return checkElements<valueof<nonnull<T>>>(vs, ve);
      }
      if (type instanceof Set) {
        if (c != OPEN_BRACKET) return mismatch<T>('an array', vs);
        return checkElements<indexof<nonnull<T>>>(vs, ve); // a Set's valueof is bool (`has`)
      }
      if (type instanceof Map) {
        if (c != OPEN_BRACE) return mismatch<T>('an object', vs);
        return checkMapMembers<T>(vs, ve);
      }
      // @ts-ignore: generated by the SDK's transform
      if (isDefined(type.__EXTSYS_FIELD)) {
        if (c != OPEN_BRACE) return mismatch<T>('an object', vs);
        return checkFields<T>(vs, ve);
      }
      // A custom @deserializer decides for itself what it accepts.
      // @ts-ignore: generated by json-as's transform
      if (isDefined(type.__DESERIALIZE_CUSTOM)) return null;
      // A @json class compiled without the SDK's transform: its fields cannot be seen.
      // @ts-ignore: generated by json-as's transform
      if (isDefined(type.__DESERIALIZE_SLOW)) return c == OPEN_BRACE ? null : mismatch<T>('an object', vs);
      return null;
    }
    return null;
  }
}

/** What a non-null `T` must be, for the message about a `null`. */
function expectedKind<T>(): string {
  const type = changetype<nonnull<T>>(0);
  if (type instanceof JSON.Arr || type instanceof Array || type instanceof StaticArray) return 'an array';
  if (type instanceof Set || type instanceof ArrayBufferView) return 'an array';
  if (type instanceof Date) return 'a string';
  if (type instanceof JSON.Box) return 'a number or boolean';
  return 'an object';
}

/**
 * Why `text` cannot be parsed as a `T` by json-as — empty, nested deeper than `maxDepth` (at most
 * 256), not JSON, or the wrong shape — as a message that starts with `label` ("the body must be
 * an object, not an array", "the body: tags[1] must be a string, not a number"); null if it can.
 */
export function checkJson<T>(
  text: string,
  label: string = 'the JSON text',
  maxDepth: i32 = JSON_DEFAULT_DEPTH,
): string | null {
  const start = changetype<usize>(text);
  const end = start + ((<usize>text.length) << 1);
  const vs = skipSpace(start, end);
  if (vs == end) return label + ' is empty';
  const limit = maxDepth < 1 ? 1 : maxDepth > JSON_MAX_DEPTH ? JSON_MAX_DEPTH : maxDepth;
  if (nestingDepth(text, limit) > limit) {
    return label + ' nests arrays and objects deeper than ' + limit.toString() + ' levels';
  }
  if (!validateJSON(text)) return label + ' is not valid JSON';
  const ve = valueEnd(vs, end);
  const problem = changetype<JsonCheck>(0).check<T>(vs, ve);
  if (problem === null) return numbersFinite(vs, ve) ? null : label + ' has a number out of range';
  const path = problemPath;
  problemPath = '';
  if (path.length == 0) return label + ' ' + problem;
  let shown = path.charCodeAt(0) == 0x2e ? path.substring(1) : path;
  if (shown.length > MAX_PATH_SHOWN) shown = '…' + shown.substring(shown.length - MAX_PATH_SHOWN);
  return label + ': ' + shown + ' ' + problem;
}

function zero<T>(): T {
  if (isReference<T>()) return changetype<T>(<usize>0);
  // @ts-ignore: a number or bool
  return <T>0;
}

/**
 * The outcome of `parseJson` / `Request.json`: `ok` and `value`, or `error` (a message for the
 * client, already naming what was parsed: "the body is not valid JSON").
 */
export class JsonResult<T> {
  constructor(
    /** Whether the text parsed as a `T`. */
    public readonly ok: bool,
    private readonly parsed: T,
    /** Why not ("" when `ok`): safe to send back, e.g. with `req.invalid(result.error)`. */
    public readonly error: string,
  ) {}

  /** The parsed value. Reading it when `ok` is false aborts (the call fails with `handler_trap`). */
  get value(): T {
    if (!this.ok) abort('JsonResult.value read after a failed parse: ' + this.error);
    return this.parsed;
  }
}

/**
 * Parses `text` as a `T` without trapping on bad input: `checkJson<T>` first, then json-as.
 * `label` names the text in the error message ("the body", "the upstream answer").
 */
export function parseJson<T>(
  text: string,
  label: string = 'the JSON text',
  maxDepth: i32 = JSON_DEFAULT_DEPTH,
): JsonResult<T> {
  const problem = checkJson<T>(text, label, maxDepth);
  if (problem !== null) return new JsonResult<T>(false, zero<T>(), problem);
  // json-as reads a top-level number or boolean up to the end of the text: give it only the value.
  const start = changetype<usize>(text);
  const end = start + ((<usize>text.length) << 1);
  const vs = skipSpace(start, end);
  const ve = valueEnd(vs, end);
  const exact = vs == start && ve == end ? text : String.UTF16.decodeUnsafe(vs, ve - vs);
  return new JsonResult<T>(true, JSON.parse<T>(exact), '');
}
