import * as z from 'zod/mini';
import { fieldRows, fieldTable } from './schema-table.mjs';
import { importBuilt } from './built-module.mjs';

/** The manifest reference and the JSON Schema editors can validate `manifest.json` against. */
export async function manifestPage() {
  const { Manifest, CAPABILITIES, SANDBOX_FEATURES, RUNTIMES, HOST_FEATURES } = await importBuilt(
    'packages/protocol/dist/index.js',
  );
  const schema = z.toJSONSchema(Manifest, { io: 'input' });
  const rows = fieldRows(schema, schema, '', 'manifest (packages/protocol/src/manifest/manifest.ts)');
  const list = (values) => values.map((value) => `\`${value}\``).join(', ');
  const page = `# Manifest reference

\`manifest.json\` sits at the root of every bundle. This page is generated from the manifest's schema
in \`@extsys/protocol\` (\`Manifest\`), the same schema the CLI, the bundle tools, the runner and the
gateway validate with. The manifest is **strict**: an unknown key anywhere is an error that names the
key, so a typo never silently turns a setting off.

The schema as JSON Schema, for editors: [manifest.schema.json](/manifest.schema.json) — add
\`"$schema": "./node_modules/…"\` or your editor's JSON schema mapping to get completion.

## Fields

${fieldTable(rows)}

## Rules across fields

- A manifest declares an \`api\`, a \`ui\` or both.
- \`runtime\` decides the handler module's kind: ${RUNTIMES.map((r) => `\`${r}\``).join(' and ')} —
  \`wasm@1\` needs \`api.module\` to be a \`.wasm\` file, \`js@1\` a \`.js\` file.
- \`http.allow\` is only meaningful with the \`http.fetch\` capability.
- No two endpoints may declare the same method and path.

## Closed lists

- Capabilities: ${list(CAPABILITIES)}.
- Sandbox features (besides \`allow-scripts\`, which every extension page gets): ${list(SANDBOX_FEATURES)}.
- Host features (UI services a page may ask the host for): ${list(HOST_FEATURES)}.
`;
  return { page, jsonSchema: schema };
}
