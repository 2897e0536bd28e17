// Zod issues as sentences a person reads, each naming its field. Zod-free at run time (types
// only), so the contract entry can phrase a refusal without the envelope's schemas.
import type * as z from 'zod/mini';

export type Issue = z.core.$ZodIssue;
type PathKey = PropertyKey;

/** Field names whose values must never be echoed back in an error message or a log line. */
const SENSITIVE_FIELD = /token|secret|password|authorization|cookie|nonce|key$/i;
/** How many problems an envelope's `details.issues` lists. */
export const MAX_LISTED_ISSUES = 20;

/** How a sentence names an expected kind, where "a <kind>" would read wrong. */
const EXPECTED: Readonly<Record<string, string>> = { object: 'an object', array: 'an array', int: 'an integer' };

/** `ui.entry`, `api.endpoints[2].path`, `tokens.color-bg`, `headers["content type"]`. */
export function formatPath(path: readonly PathKey[], label = 'value'): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(key)) out += out ? `.${key}` : key;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out || label;
}

/** A short rendering of a rejected value; objects are not echoed (they say nothing useful). */
function describeInput(input: unknown): string | undefined {
  if (input === undefined) return undefined;
  if (input === null) return 'null';
  if (typeof input === 'string') {
    const shown = input.length > 60 ? `${input.slice(0, 57)}...` : input;
    return JSON.stringify(shown);
  }
  if (typeof input === 'number' || typeof input === 'boolean') return String(input);
  if (Array.isArray(input)) return 'an array';
  return typeof input === 'object' ? undefined : `a ${typeof input}`;
}

function kindOf(origin: string | undefined): string {
  switch (origin) {
    case 'string':
      return 'characters';
    case 'array':
    case 'set':
      return 'items';
    case 'file':
    case 'bytes':
      return 'bytes';
    default:
      return '';
  }
}

function bound(issue: { origin?: string; inclusive?: boolean }, limit: unknown, small: boolean): string {
  const unit = kindOf(issue.origin);
  if (unit) return `must have ${small ? 'at least' : 'at most'} ${String(limit)} ${unit}`;
  const op = small ? (issue.inclusive === false ? '>' : '>=') : issue.inclusive === false ? '<' : '<=';
  return `must be ${op} ${String(limit)}`;
}

/** The sentence a person reads for one zod issue (without the field path). */
function describeProblem(issue: Issue): string {
  const custom = issue.message && issue.message !== 'Invalid input' ? issue.message : undefined;
  switch (issue.code) {
    case 'invalid_type':
      if (!('input' in issue) || issue.input === undefined) return 'is required';
      return `must be ${EXPECTED[issue.expected] ?? `a ${issue.expected}`}`;
    case 'too_small':
      return custom ?? bound(issue, issue.minimum, true);
    case 'too_big':
      return custom ?? bound(issue, issue.maximum, false);
    case 'invalid_value':
      return custom ?? `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_format':
      return custom ?? `must be a valid ${issue.format}`;
    case 'not_multiple_of':
      return `must be a multiple of ${String(issue.divisor)}`;
    case 'unrecognized_keys':
      return 'is not a known field';
    case 'invalid_key':
      return `has an invalid key: ${issue.issues.map((i) => describeProblem(i)).join('; ')}`;
    case 'invalid_union':
      if ('note' in issue && issue.note === 'No matching discriminator' && 'options' in issue) {
        return `must be one of ${(issue.options as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
      }
      return custom ?? 'does not match any of the allowed shapes';
    default:
      return custom ?? 'is invalid';
  }
}

/** One line per problem, each naming the field: `ui.entry: must be a relative path ..., got "../x"`. */
export function describeIssues(issues: readonly Issue[], label?: string): string[] {
  const lines: string[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) lines.push(`${formatPath([...issue.path, key], label)}: is not a known field`);
      continue;
    }
    if (issue.code === 'invalid_key') {
      const keyName = issue.path.length ? issue.path[issue.path.length - 1] : undefined;
      lines.push(
        `${formatPath(issue.path, label)}: key ${JSON.stringify(String(keyName))} ${describeProblem(issue.issues[0] ?? issue)}`,
      );
      continue;
    }
    const field = formatPath(issue.path, label);
    const last = issue.path[issue.path.length - 1];
    const sensitive = typeof last === 'string' && SENSITIVE_FIELD.test(last);
    const input = 'input' in issue && !sensitive ? describeInput(issue.input) : undefined;
    lines.push(`${field}: ${describeProblem(issue)}${input === undefined ? '' : `, got ${input}`}`);
  }
  return lines;
}
