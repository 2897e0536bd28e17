/**
 * Renders a JSON Schema (as `z.toJSONSchema(schema, { io: 'input' })` writes it) as one markdown
 * table of fields, a row per property at every depth with its dotted path. A property without a
 * description is an error: the reference is generated from the code, so a field the code does not
 * describe would be a hole in it.
 */

/** @typedef {{ path: string, type: string, required: boolean, defaultValue?: unknown, description: string }} FieldRow */

function definitionOf(root, schema) {
  if (!schema?.$ref) return schema;
  const name = schema.$ref.replace('#/$defs/', '');
  return { ...root.$defs?.[name], ...schema, $ref: undefined };
}

/** The other branch of `X | null` style unions is not a separate field: show them as one type. */
function typeText(root, raw) {
  const schema = definitionOf(root, raw);
  if (schema.const !== undefined) return `\`${JSON.stringify(schema.const)}\``;
  if (schema.enum) return schema.enum.map((value) => `\`${JSON.stringify(value)}\``).join(' \\| ');
  const union = schema.anyOf ?? schema.oneOf;
  if (union) return union.map((branch) => typeText(root, branch)).join(' \\| ');
  const limits = [];
  if (schema.minLength !== undefined) limits.push(`≥ ${schema.minLength} chars`);
  if (schema.maxLength !== undefined) limits.push(`≤ ${schema.maxLength} chars`);
  // z.int() bounds itself to the safe integers: not a limit worth a reader's attention.
  if (schema.minimum !== undefined && schema.minimum > Number.MIN_SAFE_INTEGER) limits.push(`≥ ${schema.minimum}`);
  if (schema.maximum !== undefined && schema.maximum < Number.MAX_SAFE_INTEGER) limits.push(`≤ ${schema.maximum}`);
  if (schema.minItems !== undefined) limits.push(`≥ ${schema.minItems} items`);
  if (schema.maxItems !== undefined) limits.push(`≤ ${schema.maxItems} items`);
  if (schema.maxProperties !== undefined) limits.push(`≤ ${schema.maxProperties} entries`);
  const suffix = limits.length > 0 ? ` (${limits.join(', ')})` : '';
  switch (schema.type) {
    case 'array':
      return `array of ${typeText(root, schema.items ?? {})}${suffix}`;
    case 'object':
      if (schema.properties) return `object${suffix}`;
      return `map of string → ${typeText(root, schema.additionalProperties ?? {})}${suffix}`;
    case 'integer':
      return `integer${suffix}`;
    case undefined:
      return 'any';
    default:
      return `${schema.type}${suffix}`;
  }
}

/** The object schema a property leads into, if any (through arrays of objects too). */
function nestedObject(root, raw) {
  const schema = definitionOf(root, raw);
  if (schema.type === 'object' && schema.properties) return { schema, suffix: '' };
  if (schema.type === 'array') {
    const items = definitionOf(root, schema.items ?? {});
    if (items.type === 'object' && items.properties) return { schema: items, suffix: '[]' };
  }
  return undefined;
}

/**
 * The rows of an object schema's properties, depth first.
 * @returns {FieldRow[]}
 */
export function fieldRows(root, objectSchema = root, prefix = '', where = 'schema') {
  const required = new Set(objectSchema.required ?? []);
  const rows = [];
  for (const [name, raw] of Object.entries(objectSchema.properties ?? {})) {
    const path = `${prefix}${name}`;
    const schema = definitionOf(root, raw);
    if (!schema.description?.trim()) {
      throw new Error(
        `${where}: field "${path}" has no description; give its schema one with .check(z.describe('…')) ` +
          '(the reference is generated from these descriptions)',
      );
    }
    rows.push({
      path,
      type: typeText(root, raw),
      required: required.has(name),
      defaultValue: schema.default,
      description: schema.description,
    });
    const nested = nestedObject(root, raw);
    if (nested) rows.push(...fieldRows(root, nested.schema, `${path}${nested.suffix}.`, where));
  }
  return rows;
}

const cell = (text) => String(text).replaceAll('|', '\\|').replaceAll('\n', ' ');

/**
 * A markdown table of the rows: the field with its type and whether it is required (or its
 * default) in the first column, the description in the second — two columns read well at any width.
 */
export function fieldTable(rows) {
  const lines = ['| Field | Description |', '| --- | --- |'];
  for (const row of rows) {
    const needed = row.required
      ? 'required'
      : row.defaultValue !== undefined
        ? `default \`${JSON.stringify(row.defaultValue)}\``
        : 'optional';
    lines.push(`| \`${row.path}\`<br>${row.type}<br>*${needed}* | ${cell(row.description)} |`);
  }
  return lines.join('\n');
}
