import { JSON } from "json-as";

/** `value` as a JSON string literal (quoted and escaped). */
export function quote(value: string): string {
  return JSON.stringify<string>(value);
}

/** `{"k":"v",...}` of a string map, keys in insertion order. */
export function stringMapJson(map: Map<string, string>): string {
  const keys = map.keys();
  let out = "{";
  for (let i = 0; i < keys.length; i++) {
    if (i > 0) out += ",";
    out += quote(keys[i]) + ":" + quote(map.get(keys[i]));
  }
  return out + "}";
}

/**
 * A small builder for ad-hoc JSON objects (AssemblyScript has no object literals without a class):
 * `new JsonObject().str("name", n).num("count", 3).bool("ok", true).toString()`.
 */
export class JsonObject {
  private parts: string[] = [];
  str(key: string, value: string): JsonObject {
    this.parts.push(quote(key) + ":" + quote(value));
    return this;
  }
  num(key: string, value: f64): JsonObject {
    this.parts.push(quote(key) + ":" + JSON.stringify<f64>(value));
    return this;
  }
  int(key: string, value: i64): JsonObject {
    this.parts.push(quote(key) + ":" + value.toString());
    return this;
  }
  bool(key: string, value: bool): JsonObject {
    this.parts.push(quote(key) + ":" + (value ? "true" : "false"));
    return this;
  }
  nul(key: string): JsonObject {
    this.parts.push(quote(key) + ":null");
    return this;
  }
  /** `json` must already be valid JSON text. */
  raw(key: string, json: string): JsonObject {
    this.parts.push(quote(key) + ":" + json);
    return this;
  }
  toString(): string {
    return "{" + this.parts.join(",") + "}";
  }
}
