// The reference pages are generated from the code: these tests hold the generators to what the
// docs promise — every field, setting and error code described (a missing description fails the
// build, naming what lacks it), and every one of them on its page.
import * as z from 'zod/mini';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, ExecuteRequest, ExtTokenClaims } from '@extsys/protocol';
import { fieldRows, fieldTable } from '../scripts/reference/schema-table.mjs';
import { settingRows, settingsPage } from '../scripts/reference/settings-page.mjs';
import { manifestPage } from '../scripts/reference/manifest-page.mjs';
import { errorsPage } from '../scripts/reference/errors-page.mjs';
import { executePage } from '../scripts/reference/execute-page.mjs';
import { importBuilt } from '../scripts/reference/built-module.mjs';

describe('a field or setting without a description', () => {
  it('fails the manifest and wire references, naming the field and where to describe it', () => {
    const schema = z.object({
      ui: z
        .object({ entry: z.string().check(z.describe('The entry page.')), height: z.optional(z.int()) })
        .check(z.describe('The UI.')),
    });
    const json = z.toJSONSchema(schema, { io: 'input' });
    expect(() => fieldRows(json, json, '', 'test schema')).toThrow(
      /test schema: field "ui\.height" has no description; give its schema one with \.check\(z\.describe/,
    );
  });

  it('fails the settings reference, naming the variable', () => {
    const env = z.object({
      PORT: z.prefault(z.string(), '8080').check(z.describe('The port.')),
      SECRET: z.optional(z.string()),
    });
    expect(() => settingRows(env, 'test config')).toThrow(/test config: setting SECRET has no description/);
  });
});

describe('the generated tables', () => {
  it('list nested fields with their dotted path, type, default and description', () => {
    const schema = z.object({
      name: z.string().check(z.maxLength(80), z.describe('The name.')),
      endpoints: z
        .array(z.object({ path: z.string().check(z.describe('Its path | escaped.')) }))
        .check(z.describe('The endpoints.')),
      height: z._default(z.int(), 320).check(z.describe('The height.')),
    });
    const json = z.toJSONSchema(schema, { io: 'input' });
    const table = fieldTable(fieldRows(json));
    expect(table).toContain('| `name`<br>string (≤ 80 chars)<br>*required* | The name. |');
    expect(table).toContain('| `endpoints[].path`<br>string<br>*required* | Its path \\| escaped. |');
    expect(table).toContain('| `height`<br>integer<br>*default `320`* | The height. |');
  });
});

describe('the pages generated from the code', () => {
  it('the settings page lists every variable the runner and the gateway read', async () => {
    const page = await settingsPage();
    type EnvModule = Record<'RunnerEnv' | 'GatewayEnv', { shape: object }>;
    const { RunnerEnv } = (await importBuilt('runner/dist/config.js')) as EnvModule;
    const { GatewayEnv } = (await importBuilt('gateway-stub/dist/config.js')) as EnvModule;
    for (const name of [...Object.keys(RunnerEnv.shape), ...Object.keys(GatewayEnv.shape)]) {
      expect(page, name).toContain(`| \`${name}\`<br>`);
    }
    expect(page).toContain('| `HTTP_HEADERS_TIMEOUT_MS`<br>');
    expect(page).toContain('| `PORT`<br>whole number<br>*default* `8080` |');
  });

  it('the errors page has every code of the code table, with an anchor', async () => {
    const page = await errorsPage();
    for (const code of ERROR_CODES) expect(page, code).toContain(`<span id="${code}"></span>\`${code}\``);
  });

  it('the manifest page describes every field, and its JSON Schema validates the shape', async () => {
    const { page, jsonSchema } = await manifestPage();
    for (const field of ['manifestVersion', 'name', 'runtime', 'api.endpoints[].path', 'ui.entry', 'http.allow']) {
      expect(page, field).toContain(`| \`${field}\`<br>`);
    }
    expect(jsonSchema).toMatchObject({ type: 'object', additionalProperties: false });
  });

  it('the execute page has the request, the answer, the error envelope and the token claims', async () => {
    const page = await executePage();
    const fieldsOf = (schema: { shape: object }) => Object.keys(schema.shape);
    for (const field of fieldsOf(ExecuteRequest)) expect(page, field).toContain(`| \`${field}\`<br>`);
    for (const field of fieldsOf(ExtTokenClaims)) expect(page, field).toContain(`| \`${field}\`<br>`);
    expect(page).toContain('| `error.code`<br>');
  });
});
