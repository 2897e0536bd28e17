import { JSON } from 'json-as';

const HEX = '0123456789abcdef';

/** The length of code unit `c` at `i` once escaped (a valid surrogate pair passes through). */
function escapedLength(value: string, i: i32, c: i32): i32 {
  if (c == 0x22 || c == 0x5c || c == 0x08 || c == 0x0c || c == 0x0a || c == 0x0d || c == 0x09) return 2;
  if (c < 0x20) return 6;
  if (c >= 0xd800 && c <= 0xdbff) {
    if (i + 1 < value.length) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) return 1;
    }
    return 6;
  }
  if (c >= 0xdc00 && c <= 0xdfff) {
    if (i > 0) {
      const prev = value.charCodeAt(i - 1);
      if (prev >= 0xd800 && prev <= 0xdbff) return 1;
    }
    return 6;
  }
  return 1;
}

/**
 * `value` as a JSON string literal, quoted and escaped; lone surrogates become `\uXXXX` so the
 * result is always valid UTF-8 JSON. (json-as 1.6.0's string serializer mangles a surrogate pair
 * that follows an escaped character, so the SDK does not use it for strings.)
 */
export function quote(value: string): string {
  let length = 2;
  for (let i = 0; i < value.length; i++) length += escapedLength(value, i, value.charCodeAt(i));
  const out = new Uint16Array(length);
  let at = 0;
  out[at++] = 0x22;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    const n = escapedLength(value, i, c);
    if (n == 1) {
      out[at++] = <u16>c;
    } else if (n == 2) {
      out[at++] = 0x5c;
      out[at++] = <u16>(
        (c == 0x22
          ? 0x22
          : c == 0x5c
            ? 0x5c
            : c == 0x08
              ? 0x62
              : c == 0x0c
                ? 0x66
                : c == 0x0a
                  ? 0x6e
                  : c == 0x0d
                    ? 0x72
                    : 0x74)
      );
    } else {
      out[at++] = 0x5c;
      out[at++] = 0x75;
      out[at++] = <u16>HEX.charCodeAt((c >> 12) & 0xf);
      out[at++] = <u16>HEX.charCodeAt((c >> 8) & 0xf);
      out[at++] = <u16>HEX.charCodeAt((c >> 4) & 0xf);
      out[at++] = <u16>HEX.charCodeAt(c & 0xf);
    }
  }
  out[at] = 0x22;
  return String.UTF16.decodeUnsafe(out.dataStart, (<usize>length) << 1);
}

/** `{"k":"v",...}` of a string map, keys in insertion order. */
export function stringMapJson(map: Map<string, string>): string {
  const keys = map.keys();
  let out = '{';
  for (let i = 0; i < keys.length; i++) {
    if (i > 0) out += ',';
    out += quote(keys[i]) + ':' + quote(map.get(keys[i]));
  }
  return out + '}';
}

/**
 * A small builder for ad-hoc JSON objects (AssemblyScript has no object literals without a class):
 * `new JsonObject().str("name", n).num("count", 3).bool("ok", true).toString()`.
 */
export class JsonObject {
  private parts: string[] = [];
  str(key: string, value: string): JsonObject {
    this.parts.push(quote(key) + ':' + quote(value));
    return this;
  }
  num(key: string, value: f64): JsonObject {
    this.parts.push(quote(key) + ':' + JSON.stringify<f64>(value));
    return this;
  }
  int(key: string, value: i64): JsonObject {
    this.parts.push(quote(key) + ':' + value.toString());
    return this;
  }
  bool(key: string, value: bool): JsonObject {
    this.parts.push(quote(key) + ':' + (value ? 'true' : 'false'));
    return this;
  }
  nul(key: string): JsonObject {
    this.parts.push(quote(key) + ':null');
    return this;
  }
  /** `json` must already be valid JSON text. */
  raw(key: string, json: string): JsonObject {
    this.parts.push(quote(key) + ':' + json);
    return this;
  }
  toString(): string {
    return '{' + this.parts.join(',') + '}';
  }
}
