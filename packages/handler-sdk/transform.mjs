// The asc transform of @extsys/handler-sdk: json-as's transform (code generation for `@json`
// classes) with fixes for handlers that get a fresh instance per request, and one addition:
// - json-as 1.6.0 demotes any source whose internal path is exactly `assembly/index` (its own dev
//   entry) to a library file, so an author's `assembly/index.ts` entry would compile to an empty
//   module without exports: user entries get their entry kind back.
// - json-as allocates its string-cache arena (1 MiB by default) at start-up even with the cache
//   off, which made every instantiation grow memory to 19 pages (~0.6 ms): unless JSON_CACHE is
//   on, the arena size is set to 0 (json-as then keeps a 128-byte arena).
// - json-as's SWAR and SIMD string serializers break a surrogate pair that follows an escaped
//   character ("\\ 😀" comes out as a lone "\ud83d" plus an escaped "\\ude00"); its NAIVE mode is
//   correct, so it is the default here (set JSON_MODE=swar|simd to override).
// - Every `@json` class gets a method `__EXTSYS_FIELD<C>(keyPtr, keyBytes, valueStart, valueEnd)`
//   that checks one member of a JSON object against the type of the field with that key (unknown
//   keys: null, as json-as skips them). `checkJson<T>` (assembly/check.ts) calls it so that a
//   field of the wrong kind is a 400 instead of a json-as trap or a wrong value.
// - json-as's generated slow-path deserializer finds the end of a string inside a nested object
//   or array field by looking back one character for a backslash, and without a bound: `"C:\\"`
//   (a string ending in an escaped backslash) inside such a field ran past the string and the
//   input (a trap, `memory access out of bounds`). The generated loop is rewritten to skip
//   escapes properly and to stop at the end of the input. The same look-back is in the library
//   function `scanQuotedValueEnd_SWAR` (deserialize/swar/array/shared.ts), which json-as uses in
//   every mode for arrays of `@json` objects (`[{"path":"C:\\"}]` trapped): its body is replaced.
import { CommonFlags, NodeKind, Parser, Source, Tokenizer, Type } from 'assemblyscript/dist/assemblyscript.js';
import JsonTransform from 'json-as/transform/lib/index.js';
import { SimpleParser } from 'json-as/transform/lib/util.js';

const USER_ENTRY = 1; // assemblyscript's SourceKind.UserEntry
const FIELD_CHECK = '__EXTSYS_FIELD';

const STRING_SKIP_BUGGY = 'while (!(load<u16>(srcStart) == 34 && load<u16>(srcStart - 2) != 92)) srcStart += 2;';
const STRING_SKIP_FIXED =
  'while (srcStart < srcEnd && load<u16>(srcStart) != 34) srcStart += load<u16>(srcStart) == 92 ? 4 : 2;';

const SWAR_SHARED = '~lib/json-as/assembly/deserialize/swar/array/shared';
const SCAN_QUOTED_FIXED = `function scanQuotedValueEnd_SWAR(srcStart: usize, srcEnd: usize): usize {
  srcStart += 2;
  while (srcStart < srcEnd) {
    const char = load<u16>(srcStart);
    if (char == 0x22) return srcStart + 2;
    srcStart += char == 0x5c ? 4 : 2;
  }
  return 0;
}`;

/** Replaces the body of json-as's `scanQuotedValueEnd_SWAR` with one that counts escapes. */
function fixScanQuotedValueEnd(sources) {
  const source = sources.find((s) => s.internalPath === SWAR_SHARED);
  if (!source) return; // not part of this program
  const fn = source.statements.find(
    (s) => s.kind === NodeKind.FunctionDeclaration && s.name.text === 'scanQuotedValueEnd_SWAR',
  );
  if (!fn) throw new Error(`@extsys/handler-sdk transform: scanQuotedValueEnd_SWAR not found in ${SWAR_SHARED}`);
  const tokenizer = new Tokenizer(new Source(source.sourceKind, source.normalizedPath, SCAN_QUOTED_FIXED));
  fn.body = new Parser().parseTopLevelStatement(tokenizer).body;
}

const hasDecorator = (node, ...names) => !!node.decorators?.some((d) => names.includes(d.name.text));

/** The fields json-as serializes, as `{ key, type }` (the key is the `@alias` if any). */
function jsonFields(node) {
  const fields = [];
  for (const member of node.members) {
    if (member.kind !== NodeKind.FieldDeclaration || !member.type) continue;
    if (member.flags & (CommonFlags.Static | CommonFlags.Private | CommonFlags.Protected)) continue;
    if (hasDecorator(member, 'omit')) continue;
    const type = member.type.range.toString();
    if (type.includes('=>')) continue; // json-as skips function-typed fields too
    const alias = member.decorators?.find((d) => d.name.text.toLowerCase() === 'alias')?.args?.[0];
    const key = alias && alias.kind === NodeKind.Literal ? String(alias.value) : member.name.text;
    fields.push({ key, type });
  }
  return fields;
}

/** `@json` classes (not those with a custom `@deserializer`) with their fields, before json-as rewrites them. */
function jsonClasses(sources) {
  const found = [];
  const visit = (statements) => {
    for (const node of statements) {
      if (node.kind === NodeKind.NamespaceDeclaration) visit(node.members);
      if (node.kind !== NodeKind.ClassDeclaration || !hasDecorator(node, 'json', 'serializable')) continue;
      if (node.members.some((m) => m.kind === NodeKind.MethodDeclaration && hasDecorator(m, 'deserializer'))) continue;
      if (node.members.some((m) => m.name?.text === FIELD_CHECK)) continue;
      found.push({ node, fields: jsonFields(node) });
    }
  };
  for (const source of sources) {
    if (source.internalPath.startsWith('~lib/json-as/')) continue;
    visit(source.statements);
  }
  return found;
}

function fieldCheckSource(node, fields) {
  const lines = [
    `${FIELD_CHECK}<__EXTSYS_C>(ks: usize, kl: usize, vs: usize, ve: usize): string | null {`,
    '  const c = changetype<__EXTSYS_C>(0);',
  ];
  for (const { key, type } of fields) {
    const bytes = key.length * 2;
    lines.push(
      `  if (kl == ${bytes} && memory.compare(ks, changetype<usize>(${JSON.stringify(key)}), ${bytes}) == 0) return c.field<${type}>(vs, ve);`,
    );
  }
  if (node.extendsType) {
    lines.push(`  if (isDefined(super.${FIELD_CHECK})) return super.${FIELD_CHECK}<__EXTSYS_C>(ks, kl, vs, ve);`);
  }
  lines.push('  return null;', '}');
  return lines.join('\n');
}

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
    const classes = jsonClasses(parser.sources);
    fixScanQuotedValueEnd(parser.sources);
    const parseClassMember = SimpleParser.parseClassMember;
    SimpleParser.parseClassMember = (text, node) =>
      parseClassMember.call(SimpleParser, text.replaceAll(STRING_SKIP_BUGGY, STRING_SKIP_FIXED), node);
    let result;
    try {
      result = super.afterParse(parser);
    } finally {
      SimpleParser.parseClassMember = parseClassMember;
    }
    for (const source of entries) source.sourceKind = USER_ENTRY;
    for (const { node, fields } of classes) {
      const text = fieldCheckSource(node, fields);
      const tokenizer = new Tokenizer(new Source(0, node.range.source.normalizedPath, text));
      const method = new Parser().parseClassMember(tokenizer, node);
      if (!method)
        throw new Error(`@extsys/handler-sdk transform: could not generate ${FIELD_CHECK} for ${node.name.text}`);
      node.members.push(method);
    }
    return result;
  }
}
