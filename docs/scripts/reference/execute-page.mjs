import * as z from 'zod/mini';
import { fieldRows, fieldTable } from './schema-table.mjs';
import { importBuilt } from './built-module.mjs';

function table(schema, where) {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
  return fieldTable(fieldRows(json, json, '', where));
}

/**
 * The error envelope's table: its schema travels in every extension's validators, so its field
 * descriptions live beside the code table (`ERROR_ENVELOPE_DESCRIPTIONS`) and join it here.
 */
function envelopeTable(ErrorResponse, descriptions) {
  const json = z.toJSONSchema(ErrorResponse, { io: 'input', unrepresentable: 'any' });
  const envelope = json.properties.error;
  envelope.description = 'The error envelope: the one error shape of the system.';
  for (const [name, property] of Object.entries(envelope.properties)) property.description = descriptions[name];
  // Every code would make a 56-value type: the codes have their own page.
  envelope.properties.code = {
    type: 'string',
    description: `${descriptions.code} The codes: [Error codes](errors.md).`,
  };
  return fieldTable(
    fieldRows(json, json, '', 'ERROR_ENVELOPE_DESCRIPTIONS (packages/protocol/src/errors/code-descriptions.ts)'),
  );
}

/**
 * The wire shapes between the host's gateway and the runner (`POST /v1/execute`), and the claims of
 * the extension token the gateway verifies — generated from their schemas in `@extsys/protocol`.
 */
export async function executePage() {
  const protocol = await importBuilt('packages/protocol/dist/index.js');
  const {
    ExecuteRequest,
    ExecuteResponse,
    ExtTokenClaims,
    ErrorResponse,
    EXECUTE_LIMITS,
    ERROR_ENVELOPE_DESCRIPTIONS,
  } = protocol;
  const frame = await importBuilt('packages/protocol/dist/execute/frame.js');
  const limits = Object.entries(EXECUTE_LIMITS)
    .map(([name, value]) => `- \`${name}\`: ${value.toLocaleString('en-US')}`)
    .join('\n');
  return `# \`/v1/execute\` and the extension token

What travels between the host's API gateway (\`@extsys/host-server\`, or the gateway-stub built on it)
and the runner, and what the extension token the gateway verifies contains. A host that uses
\`@extsys/host-server\` never builds these by hand; this page is for operators, for anyone writing a
gateway in another language, and for reading logs. Generated from \`packages/protocol/src/execute/\`
and \`packages/protocol/src/gateway/token.ts\`.

## The request: \`POST /v1/execute\`

- \`Authorization: Bearer <RUNNER_SERVICE_TOKEN>\` — the gateway's service credential (compared in
  constant time; a runner without one has execution off).
- \`Content-Type: ${frame.EXECUTE_FRAME_CONTENT_TYPE}\`, and an \`Idempotency-Key\` header when the
  client sent one (passed through, scoped to tenant + extension by the runner).
- The body is a **frame**: the 4 bytes \`EXF1\`, the header's length as a big-endian 32-bit unsigned
  integer, the header as UTF-8 JSON (at most ${frame.MAX_FRAME_HEADER_BYTES.toLocaleString('en-US')} bytes), then the body
  bytes raw — so bodies are never base64-encoded. \`encodeFrame\`/\`decodeFrame\` in
  \`@extsys/protocol/execute/frame\` read and write it.

The header (\`ExecuteRequest\`):

${table(ExecuteRequest, 'ExecuteRequest (packages/protocol/src/execute/request.ts)')}

The runner's hard ceilings; a gateway or an install may only ask for less:

${limits}

## The answer

When the handler ran and answered, the runner replies \`200\` with a frame whose header is an
\`ExecuteResponse\` and whose body is the handler's body; the gateway passes on the handler's status,
its allow-listed headers and the body. A replayed answer (same idempotency key) carries
\`Idempotent-Replayed: true\`.

${table(ExecuteResponse, 'ExecuteResponse (packages/protocol/src/execute/response.ts)')}

When the runner refuses the call or the handler fails (a timeout, a trap, its memory cap), the runner
answers with that HTTP status and a JSON error envelope instead — see [Error codes](errors.md):

${envelopeTable(ErrorResponse, ERROR_ENVELOPE_DESCRIPTIONS)}

## The extension token

A short-lived EdDSA JWT the host mints for one user, tenant and extension install, delivered to the
frame over the bridge and sent as \`Authorization: Bearer …\` to the gateway, which is its only
verifier. Its claims (\`ExtTokenClaims\`):

${table(ExtTokenClaims, 'ExtTokenClaims (packages/protocol/src/gateway/token.ts)')}
`;
}
