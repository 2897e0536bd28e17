import * as z from 'zod/mini';
import { describeIssues, MAX_LISTED_ISSUES } from '../errors/issues.js';

export type Checked<T> =
  | { readonly ok: true; readonly value: T }
  | {
      readonly ok: false;
      /** The first problem naming its field (`body.message: must be a string, got 42`), and how many more. */
      readonly message: string;
      /** Every problem (up to 20), one sentence each: an envelope's `details.issues`. */
      readonly issues: string[];
    };

/**
 * Parses `value` with `schema` without throwing: the parsed value, or sentences naming each bad
 * field under `label` (`body.message: must be a string, got 42`; `label` is a field-like name such as
 * `body`, `query` or `answer`). Values of fields named like secrets are never echoed.
 */
export function checkValue<S extends z.core.$ZodType>(schema: S, value: unknown, label: string): Checked<z.output<S>> {
  // zod's fast path first; only a refusal is parsed again with the input reported (for "got …").
  const fast = z.safeParse(schema, value);
  if (fast.success) return { ok: true, value: fast.data };
  const reported = z.safeParse(schema, value, { reportInput: true });
  const found = (reported.error ?? fast.error).issues.map((issue) => ({ ...issue, path: [label, ...issue.path] }));
  const issues = describeIssues(found, label);
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
  return {
    ok: false,
    message: `${issues[0] ?? `${label}: is invalid`}${more}`,
    issues: issues.slice(0, MAX_LISTED_ISSUES),
  };
}
