import * as z from 'zod/mini';
import { check } from './checks.js';
import { apiPathProblem, isHttpUrl, originProblem } from './path-problems.js';

export { apiPathProblem, isHttpUrl, originProblem };

/**
 * An extension API path with an optional query, e.g. `/items/42?view=full`. It is appended to
 * `/api/ext/{extensionId}` by the SDK or the host, so it must never climb out of that prefix.
 */
export const ApiPath = z
  .string()
  .check(
    z.maxLength(2048),
    z.refine(
      check('apiPath'),
      'must start with "/" and have no "..", "." or encoded "/" segments, backslash or fragment',
    ),
  );
export type ApiPath = z.infer<typeof ApiPath>;

export const Origin = z
  .string()
  .check(
    z.maxLength(256),
    z.refine(check('origin'), 'must be an http(s) origin (scheme://host[:port]) with no path, query or credentials'),
  );
export type Origin = z.infer<typeof Origin>;

/** An absolute http(s) URL (gateway base, links the host may open). */
export const HttpUrl = z
  .string()
  .check(z.maxLength(2048), z.refine(check('httpUrl'), 'must be an absolute http(s) URL without credentials'));
export type HttpUrl = z.infer<typeof HttpUrl>;
