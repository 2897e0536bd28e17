/**
 * The protocol runs in browsers, web workers and Node. It may use only the WHATWG APIs all three
 * provide; they are declared here (rather than by pulling in lib.dom or @types/node) so that a
 * DOM-only or Node-only API cannot creep in unnoticed.
 */
declare class URL {
  constructor(url: string, base?: string);
  readonly origin: string;
  readonly hostname: string;
  readonly protocol: string;
  readonly username: string;
  readonly password: string;
}
declare class URLSearchParams {
  constructor(init?: string);
  get(name: string): string | null;
  set(name: string, value: string): void;
  forEach(callback: (value: string, name: string) => void): void;
  toString(): string;
}
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean });
  decode(input?: Uint8Array): string;
}
