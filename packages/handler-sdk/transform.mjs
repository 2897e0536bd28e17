// The asc transform of @extsys/handler-sdk: json-as's transform (code generation for `@json`
// classes) with two fixes for handlers that get a fresh instance per request:
// - json-as 1.6.0 demotes any source whose internal path is exactly `assembly/index` (its own dev
//   entry) to a library file, so an author's `assembly/index.ts` entry would compile to an empty
//   module without exports: user entries get their entry kind back.
// - json-as allocates its string-cache arena (1 MiB by default) at start-up even with the cache
//   off, which made every instantiation grow memory to 19 pages (~0.6 ms): unless JSON_CACHE is
//   on, the arena size is set to 0 (json-as then keeps a 128-byte arena).
// - json-as's SWAR and SIMD string serializers break a surrogate pair that follows an escaped
//   character ("\\ 😀" comes out as a lone "\ud83d" plus an escaped "\\ude00"); its NAIVE mode is
//   correct, so it is the default here (set JSON_MODE=swar|simd to override).
import { Type } from 'assemblyscript/dist/assemblyscript.js';
import JsonTransform from 'json-as/transform/lib/index.js';

const USER_ENTRY = 1; // assemblyscript's SourceKind.UserEntry

export default class HandlerSdkTransform extends JsonTransform {
  afterInitialize(program) {
    process.env['JSON_MODE'] ??= 'naive';
    const result = super.afterInitialize(program);
    if (!program.elementsByName.has('JSON_CACHE_SIZE')) {
      program.registerConstantInteger('JSON_CACHE_SIZE', Type.u32, globalThis.i64_new(0)); // asc's portable i64
    }
    return result;
  }

  afterParse(parser) {
    const entries = parser.sources.filter((source) => source.sourceKind === USER_ENTRY);
    const result = super.afterParse(parser);
    for (const source of entries) source.sourceKind = USER_ENTRY;
    return result;
  }
}
