import * as z from 'zod/mini';
import { importBuilt } from './built-module.mjs';

/**
 * Every environment variable of the services, from their config schemas (`RunnerEnv`,
 * `GatewayEnv`) and the HTTP timeouts every service shares. A variable without a description
 * fails the docs build.
 */

/** The outermost default of a field (`z.prefault`/`z._default`), if it has one. */
function defaultOf(field) {
  for (let schema = field; schema; schema = schema._zod.def.innerType) {
    const { type, defaultValue } = schema._zod.def;
    if (type === 'prefault' || type === 'default')
      return typeof defaultValue === 'function' ? defaultValue() : defaultValue;
    if (type !== 'optional' && type !== 'nullable') return undefined;
  }
  return undefined;
}

/** What a person types: the accepted values in words, from the input side of the schema. */
function formatOf(field) {
  const schema = z.toJSONSchema(field, { io: 'input', unrepresentable: 'any' });
  if (schema.enum) {
    const values = schema.enum.map(String);
    // `envFlag` of @extsys/service (JSON Schema lists its values in no promised order).
    const isFlag = values.length === 4 && ['true', 'false', '1', '0'].every((value) => values.includes(value));
    return isFlag ? '`true`/`false` (or `1`/`0`)' : values.map((value) => `\`${value}\``).join(', ');
  }
  if (schema.pattern === '^\\d+$') return 'whole number';
  return 'text';
}

export function settingRows(envSchema, where) {
  return Object.entries(envSchema.shape).map(([name, field]) => {
    const description = z.globalRegistry.get(field)?.description;
    if (!description?.trim()) {
      throw new Error(
        `${where}: setting ${name} has no description; add .check(z.describe('…')) to its schema ` +
          '(the settings reference is generated from these descriptions)',
      );
    }
    return { name, format: formatOf(field), defaultValue: defaultOf(field), description };
  });
}

const cell = (text) => String(text).replaceAll('|', '\\|').replaceAll('\n', ' ');

function settingsTable(rows) {
  const lines = ['| Variable | What it does |', '| --- | --- |'];
  for (const row of rows) {
    const byDefault =
      row.defaultValue === undefined ? 'unset' : row.defaultValue === '' ? '(empty)' : `\`${row.defaultValue}\``;
    lines.push(`| \`${row.name}\`<br>${row.format}<br>*default* ${byDefault} | ${cell(row.description)} |`);
  }
  return lines.join('\n');
}

export async function settingsPage() {
  const { RunnerEnv } = await importBuilt('runner/dist/config.js');
  const { GatewayEnv } = await importBuilt('gateway-stub/dist/config.js');
  const { HTTP_TIMEOUT_VARIABLES, DEFAULT_HTTP_TIMEOUTS, HTTP_TIMEOUT_DESCRIPTIONS } = await importBuilt(
    'packages/service/dist/index.js',
  );
  const httpRows = Object.entries(HTTP_TIMEOUT_VARIABLES).map(([key, name]) => {
    const description = HTTP_TIMEOUT_DESCRIPTIONS[key];
    if (!description?.trim())
      throw new Error(`@extsys/service: HTTP timeout ${name} has no description in HTTP_TIMEOUT_DESCRIPTIONS`);
    return {
      name,
      format: 'whole number of milliseconds (≥ 1)',
      defaultValue: String(DEFAULT_HTTP_TIMEOUTS[key]),
      description,
    };
  });
  return `# Settings reference

Every setting of the services is an environment variable, read and checked once at start: a bad
value stops the service with a message naming the variable. This page is generated from the
services' config schemas (\`runner/src/config.ts\`, \`gateway-stub/src/config.ts\`,
\`packages/service/src/http-timeouts.ts\`), so it lists exactly what the code reads.

## Runner

The runner (\`npm start -w @extsys/runner\`, or \`node runner/dist/main.js\`) serves extension UIs and
executes handlers. Relative paths are resolved against the folder the runner starts in.

${settingsTable(settingRows(RunnerEnv, 'runner/src/config.ts'))}

## Gateway (gateway-stub)

The gateway-stub is the demo's host server: sessions, the install registry, extension tokens and
the \`/api/ext\` proxy (built on \`@extsys/host-server\`). A host that embeds extsys passes the same
values to \`createExtensionGateway()\` in its own server instead; see
[Embed extsys in your product](../embed-extsys.md).

${settingsTable(settingRows(GatewayEnv, 'gateway-stub/src/config.ts'))}

## HTTP timeouts (every service)

The runner and the gateway-stub both read these (\`@extsys/service\`).

${settingsTable(httpRows)}
`;
}
