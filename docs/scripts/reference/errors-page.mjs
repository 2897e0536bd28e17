import { importBuilt } from './built-module.mjs';

/**
 * Every error code, from the one code table of `@extsys/protocol`, with its HTTP status, whether a
 * caller may retry it unchanged, and its description (`ERROR_CODE_DESCRIPTIONS`).
 */
export async function errorsPage() {
  const { ERROR_CODES, errorCodeInfo, ERROR_CODE_DESCRIPTIONS } = await importBuilt('packages/protocol/dist/index.js');
  const rows = ERROR_CODES.map((code) => {
    const description = ERROR_CODE_DESCRIPTIONS[code];
    if (!description?.trim()) {
      throw new Error(`error code ${code} has no description in packages/protocol/src/errors/code-descriptions.ts`);
    }
    return { code, ...errorCodeInfo(code), description };
  });
  const table = [
    '| Code | Meaning and what to do |',
    '| --- | --- |',
    ...rows.map(
      (row) =>
        `| <span id="${row.code}"></span>\`${row.code}\`<br>HTTP ${row.status}<br>*${row.retriable ? 'retry unchanged' : 'do not retry unchanged'}* | ${row.description.replaceAll('|', '\\|')} |`,
    ),
  ].join('\n');
  return `# Error codes

Every refusal in extsys — from the bridge, the ext SDK, the gateway, the runner or the CLI — carries
one of these codes, in the same envelope:

\`\`\`json
{ "error": { "code": "token_expired", "message": "a sentence a person can act on", "requestId": "…" } }
\`\`\`

Match on \`code\`, never on \`message\`: codes are part of the public contract (adding one is a minor
change; renaming or removing one, or changing its status or retry rule, is a breaking change). Codes
marked "retry unchanged" may be retried as they are, after a back-off (the ext SDK's \`ExtError\`
says so in \`retriable\`; it retries by itself only a call answered 401, once, with a
fresh token). Each code has an anchor: \`errors.md#token_expired\`.

This page is generated from \`packages/protocol/src/errors/code-table.ts\` and
\`code-descriptions.ts\`.

${table}
`;
}
