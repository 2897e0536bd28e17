#!/usr/bin/env node
// Generates src/generated/validators.ts: the SDK's validators, as compact data read by
// src/validate.ts, from @extsys/protocol's zod schemas (the contracts stay defined once, in the
// protocol; the SDK ships neither zod nor the schemas).
//
// It walks each schema's zod definition (`schema._zod.def`) and emits a node per schema: type,
// bounds, regular expressions with their messages, object shapes, and refinements by the name
// `check()` registered them under in @extsys/protocol (primitives/checks.ts). A construct it does
// not know (a transform, a non-strict object, an anonymous refinement...) stops the build: the
// generated validator would silently differ from the schema. test/validators.test.ts proves the
// output accepts and rejects exactly what the schemas do, and that this file is up to date.
//
// Usage: node packages/ext-sdk/scripts/generate-validators.mjs [--check]
//   (needs @extsys/protocol built: `npx tsc -b packages/protocol/tsconfig.build.json`)
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as z from 'zod/mini';
import * as bridge from '@extsys/protocol/bridge';
import {
  ApiPath,
  EXTENSION_METHODS,
  ErrorEnvelope,
  MountFragment,
  bridgeResult,
  checkOf,
} from '@extsys/protocol/bridge';
import { HOST_METHODS } from '@extsys/protocol/host-methods';
import { THEME_TOKEN_KINDS } from '@extsys/protocol/theme';

const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'generated', 'validators.ts');

/** What the SDK validates: every answer to its calls, every host → extension call, the fragment, gateway errors. */
export function roots() {
  return {
    RESULTS: Object.fromEntries(Object.entries(HOST_METHODS).map(([name, m]) => [name, bridgeResult(m.result)])),
    PARAMS: Object.fromEntries(Object.entries(EXTENSION_METHODS).map(([name, m]) => [name, m.params])),
    MOUNT_FRAGMENT: MountFragment,
    ERROR_ENVELOPE: ErrorEnvelope,
    /** Also `RoutePath` (the same schema): the SDK checks the author's paths before sending them. */
    API_PATH: ApiPath,
  };
}

/**
 * Value lists the SDK bundle already carries (zod-free protocol modules): an enum with exactly these
 * values is emitted as a reference to the constant rather than a second copy.
 */
const SHARED_LISTS = ['ERROR_CODES', 'SDK_FEATURES', 'HOST_FEATURES'];
const sharedList = (values) =>
  SHARED_LISTS.find((name) => bridge[name].length === values.length && bridge[name].every((v, i) => v === values[i]));

/**
 * The theme's token set: its 60 names and kinds are in the SDK bundle already (THEME_TOKEN_KINDS,
 * zod-free, used to apply a theme), so its node is built from them at load rather than emitted as
 * a second copy of every name (~0.3 KB min+gzip). Each token is a string with the `tokenValue`
 * check of its kind; the message is zod's own fallback, used only when `tokenValueProblem` has none.
 */
const THEME_TOKENS_REF = 'themeTokens';
const THEME_TOKENS_SOURCE = `const ${THEME_TOKENS_REF}: Record<string, Node> = Object.fromEntries(
  Object.entries(THEME_TOKEN_KINDS).map(([name, kind]) => [
    name,
    { t: 's', c: [['tokenValue', 'is not a valid token value', kind]] },
  ]),
);`;

function isThemeTokens(def, p) {
  const names = Object.keys(THEME_TOKEN_KINDS);
  const keys = Object.keys(p);
  if (keys.length !== names.length || keys.some((k, i) => k !== names[i])) return false;
  return keys.every((k) => {
    const node = p[k];
    const c = node.c?.[0];
    return (
      node.t === 's' &&
      node.c.length === 1 &&
      Object.keys(node).length === 2 &&
      c[0] === 'tokenValue' &&
      c[2] === THEME_TOKEN_KINDS[k] &&
      c.length === 3
    );
  });
}

const fail = (what, def) => {
  throw new Error(`generate-validators: cannot generate ${what} (zod def ${JSON.stringify(Object.keys(def))})`);
};

function message(check) {
  const text = check.error?.({ code: 'custom', input: undefined, path: [] });
  return typeof text === 'string' ? text : 'is invalid';
}

/** A zod refinement → `[name, message, ...args]` of its registered predicate. */
function refinement(checkDef, fn = checkDef.fn) {
  const named = checkOf(fn);
  if (!named) fail('an anonymous refinement (use check() from @extsys/protocol)', checkDef);
  const [name, ...args] = named;
  return [name, message(checkDef), ...args];
}

/** Bounds and refinements of a string, number or array: `{min, max, ge, le, gt, lt, re, c}`. */
function checksOf(def, node) {
  for (const c of def.checks ?? []) {
    const d = c._zod.def;
    switch (d.check) {
      case 'min_length':
        node.min = d.minimum;
        break;
      case 'max_length':
        node.max = d.maximum;
        break;
      case 'greater_than':
        node[d.inclusive ? 'ge' : 'gt'] = d.value;
        break;
      case 'less_than':
        node[d.inclusive ? 'le' : 'lt'] = d.value;
        break;
      case 'string_format':
        if (d.format !== 'regex' || d.pattern.global || d.pattern.sticky) fail(`string format ${d.format}`, d);
        (node.re ??= []).push([d.pattern, message(d)]);
        break;
      case 'custom':
        (node.c ??= []).push(refinement(d));
        break;
      case 'describe':
      case 'meta':
        break; // documentation (the docs site's references), not a rule to check
      default:
        fail(`check ${d.check}`, d);
    }
  }
  return node;
}

function walk(schema) {
  const def = schema._zod.def;
  switch (def.type) {
    case 'string':
      return checksOf(def, { t: 's' });
    case 'number':
      if (def.format !== undefined && def.format !== 'safeint') fail(`number format ${def.format}`, def);
      return checksOf(def, def.format === 'safeint' ? { t: 'n', int: 1 } : { t: 'n' });
    case 'boolean':
      return checksOf(def, { t: 'b' });
    case 'null':
      return { t: 'v', v: [null] };
    case 'literal':
      return { t: 'v', v: [...def.values] };
    case 'enum': {
      const values = Object.values(def.entries);
      const shared = sharedList(values);
      return { t: 'v', v: shared ? { $ref: shared } : values };
    }
    case 'object': {
      if (def.catchall?._zod.def.type !== 'never') fail('a non-strict object (it would strip keys)', def);
      const p = {};
      for (const [key, value] of Object.entries(def.shape)) p[key] = walk(value);
      if (isThemeTokens(def, p)) return checksOf(def, { t: 'o', p: { $ref: THEME_TOKENS_REF } });
      return checksOf(def, { t: 'o', p });
    }
    case 'optional':
      return { t: '?', i: walk(def.innerType) };
    case 'nullable':
      return { t: 'u', o: [{ t: 'v', v: [null] }, walk(def.innerType)] };
    case 'array':
      return checksOf(def, { t: 'a', i: walk(def.element) });
    case 'union':
      return checksOf(def, { t: 'u', o: def.options.map(walk) });
    case 'record':
      return checksOf(def, { t: 'r', k: walk(def.keyType), v: walk(def.valueType) });
    case 'pipe':
      return { t: 'p', i: [walk(def.in), walk(def.out)] };
    case 'unknown':
      return checksOf(def, { t: 'x' });
    case 'custom':
      // z.custom(fn): its predicate is the type check, then its own checks.
      return checksOf(def, { t: 'x', c: [refinement(def)] });
    default:
      return fail(`a ${def.type} schema`, def);
  }
}

/** JS source of a value; nodes shared by several schemas become one `const`. */
function emit(rootsMap) {
  const consts = new Map(); // source → name
  const uses = new Map();
  const lines = [];
  const source = (value) => {
    if (value instanceof RegExp) return `/${value.source}/${value.flags}`;
    if (value?.$ref) return value.$ref;
    if (Array.isArray(value)) return `[${value.map(source).join(', ')}]`;
    if (value !== null && typeof value === 'object') {
      const body = Object.entries(value)
        .map(([k, v]) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k)}: ${source(v)}`)
        .join(', ');
      return `{ ${body} }`;
    }
    return JSON.stringify(value);
  };
  // Count structurally equal nodes first, then hoist the repeated ones (children before parents).
  const count = (node) => {
    if (node === null || typeof node !== 'object' || node instanceof RegExp || node.$ref) return;
    if (!Array.isArray(node) && typeof node.t === 'string') {
      const key = source(node);
      uses.set(key, (uses.get(key) ?? 0) + 1);
      if (uses.get(key) > 1) return;
    }
    for (const v of Object.values(node)) count(v);
  };
  const hoist = (node) => {
    if (node === null || typeof node !== 'object' || node instanceof RegExp || node.$ref) return source(node);
    if (Array.isArray(node)) return `[${node.map(hoist).join(', ')}]`;
    const body = Object.entries(node)
      .map(([k, v]) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k)}: ${hoist(v)}`)
      .join(', ');
    const text = `{ ${body} }`;
    if (typeof node.t !== 'string' || (uses.get(source(node)) ?? 0) < 2) return text;
    let name = consts.get(text);
    if (!name) {
      name = `n${consts.size}`;
      consts.set(text, name);
      lines.push(`const ${name}: Node = ${text};`);
    }
    return name;
  };
  const refs = new Set();
  const findRefs = (node) => {
    if (node === null || typeof node !== 'object' || node instanceof RegExp) return;
    if (node.$ref) return void refs.add(node.$ref);
    for (const v of Object.values(node)) findRefs(v);
  };
  const exportsText = [];
  for (const [name, value] of Object.entries(rootsMap)) {
    const node = value instanceof z.ZodMiniType || value?._zod ? walk(value) : undefined;
    if (node) {
      count(node);
      exportsText.push([name, node]);
    } else {
      const table = Object.fromEntries(Object.entries(value).map(([k, s]) => [k, walk(s)]));
      for (const n of Object.values(table)) count(n);
      exportsText.push([name, table, true]);
    }
  }
  for (const [, node] of exportsText) findRefs(node);
  const themeTokens = refs.delete(THEME_TOKENS_REF);
  const bridgeRefs = [...refs].sort();
  const body = exportsText.map(([name, node, isTable]) => {
    if (!isTable) return `export const ${name}: Node = ${hoist(node)};`;
    const entries = Object.entries(node).map(([k, n]) => `  ${k}: ${hoist(n)},`);
    return `export const ${name} = {\n${entries.join('\n')}\n} as Record<${Object.keys(node)
      .map((k) => JSON.stringify(k))
      .join(' | ')}, Node>;`;
  });
  return [
    '// GENERATED by scripts/generate-validators.mjs from the zod schemas of @extsys/protocol: do not edit.',
    '// Regenerate: `npm run generate -w @extsys/ext-sdk`. test/validators.test.ts fails when this is stale',
    '// and proves these validators accept and reject exactly what the schemas do.',
    ...(bridgeRefs.length ? [`import { ${bridgeRefs.join(', ')} } from '@extsys/protocol/bridge';`] : []),
    ...(themeTokens ? ["import { THEME_TOKEN_KINDS } from '@extsys/protocol/theme';"] : []),
    "import type { Node } from '../validate.js';",
    '',
    ...(themeTokens ? [THEME_TOKENS_SOURCE] : []),
    ...lines,
    '',
    ...body,
    '',
  ].join('\n');
}

/** The file's text, formatted like the repository (prettier), so `npm run lint` accepts it as is. */
export async function generate() {
  const prettier = await import('prettier');
  const options = (await prettier.resolveConfig(out)) ?? {};
  return prettier.format(emit(roots()), { ...options, filepath: out });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const text = await generate();
  if (process.argv.includes('--check')) {
    const current = await readFile(out, 'utf8').catch(() => '');
    if (current !== text) {
      console.error(`${out} is stale: run npm run generate -w @extsys/ext-sdk`);
      process.exit(1);
    }
  } else {
    await writeFile(out, text);
    console.log(`wrote ${out} (${text.length} characters)`);
  }
}
