// The asc transform of @extsys/handler-sdk: json-as's transform (code generation for `@json`
// classes), fixed for one quirk: json-as 1.6.0 demotes any source whose internal path is exactly
// `assembly/index` (its own dev entry) to a library file, so an author's `assembly/index.ts` entry
// would compile to an empty module without exports. This restores the entry kind of user entries.
import JsonTransform from 'json-as/transform/lib/index.js';

const USER_ENTRY = 1; // assemblyscript's SourceKind.UserEntry

export default class HandlerSdkTransform extends JsonTransform {
  afterParse(parser) {
    const entries = parser.sources.filter((source) => source.sourceKind === USER_ENTRY);
    const result = super.afterParse(parser);
    for (const source of entries) source.sourceKind = USER_ENTRY;
    return result;
  }
}
