import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import {
  ERROR_CODES,
  ERROR_CODE_DESCRIPTIONS,
  ExecuteRequest,
  ExecuteResponse,
  ExtTokenClaims,
  ExtTokenRequest,
  ExtTokenResponse,
  HandlerLogEntry,
  Manifest,
} from '../src/index.js';

// The documentation's reference pages are generated from these descriptions: a field or a code
// without one fails the docs build, so it fails here first.

type JsonSchema = { [key: string]: unknown };

const isSchema = (value: unknown): value is JsonSchema =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The path of every property, at any depth, whose JSON Schema has no non-empty `description`. */
function undescribedProperties(schema: JsonSchema, path = ''): string[] {
  const missing: string[] = [];
  const properties = schema.properties;
  if (isSchema(properties)) {
    for (const [name, property] of Object.entries(properties)) {
      const at = path ? `${path}.${name}` : name;
      if (!isSchema(property) || typeof property.description !== 'string' || property.description.trim() === '') {
        missing.push(at);
      }
      if (isSchema(property)) missing.push(...undescribedProperties(property, at));
    }
  }
  for (const key of ['items', 'additionalProperties', 'not'] as const) {
    const child = schema[key];
    if (isSchema(child)) missing.push(...undescribedProperties(child, `${path}[${key}]`));
  }
  for (const key of ['anyOf', 'oneOf', 'allOf', 'prefixItems'] as const) {
    const children = schema[key];
    if (Array.isArray(children)) {
      children.forEach((child, index) => {
        if (isSchema(child)) missing.push(...undescribedProperties(child, `${path}[${key}${index}]`));
      });
    }
  }
  const defs = schema.$defs;
  if (isSchema(defs)) {
    for (const [name, def] of Object.entries(defs)) {
      if (isSchema(def)) missing.push(...undescribedProperties(def, `$defs.${name}`));
    }
  }
  return missing;
}

const inputSchema = (schema: z.ZodMiniType) => z.toJSONSchema(schema, { io: 'input' }) as JsonSchema;

/** Descriptions are plain sentences: nothing pointing outside the repository. */
function expectPlainSentence(text: string, where: string): void {
  expect(text.trim(), where).not.toBe('');
  expect(text, where).not.toMatch(/https?:\/\/(?!api\.example\.com)|\]\(|\.\.\/|DESIGN\.md/);
}

describe('descriptions for the documentation', () => {
  it('find an undescribed property at any depth (the check itself)', () => {
    const described = (text: string) => z.describe(text);
    const schema = z.strictObject({
      a: z.string().check(described('a')),
      nested: z.strictObject({ ok: z.int().check(described('ok')), bare: z.boolean() }).check(described('nested')),
      list: z.array(z.strictObject({ inner: z.string() })).check(described('list')),
      plain: z.string(),
    });
    expect(undescribedProperties(inputSchema(schema)).sort()).toEqual(['list[items].inner', 'nested.bare', 'plain']);
  });

  it.each([
    ['Manifest', Manifest],
    ['ExecuteRequest', ExecuteRequest],
    ['ExecuteResponse', ExecuteResponse],
    ['HandlerLogEntry', HandlerLogEntry],
    ['ExtTokenClaims', ExtTokenClaims],
    ['ExtTokenRequest', ExtTokenRequest],
    ['ExtTokenResponse', ExtTokenResponse],
  ] as const)('%s describes every field at every depth', (name, schema) => {
    const json = inputSchema(schema);
    expect(isSchema(json.properties) && Object.keys(json.properties).length > 0, name).toBe(true);
    expect(undescribedProperties(json), name).toEqual([]);
    const texts: string[] = [];
    JSON.stringify(json, (key, value: unknown) => {
      if (key === 'description' && typeof value === 'string') texts.push(value);
      return value;
    });
    for (const text of texts) expectPlainSentence(text, name);
  });

  it('describe every error code, and only those', () => {
    expect(Object.keys(ERROR_CODE_DESCRIPTIONS).sort()).toEqual([...ERROR_CODES].sort());
    for (const code of ERROR_CODES) expectPlainSentence(ERROR_CODE_DESCRIPTIONS[code], code);
  });
});
