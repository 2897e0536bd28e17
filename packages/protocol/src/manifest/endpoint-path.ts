import * as z from 'zod/mini';

/**
 * A manifest endpoint pattern: `/`, `/items`, `/items/:id`. Literal segments use URL-safe
 * characters only; `:name` matches exactly one non-empty segment.
 */
export const ENDPOINT_PATH_PATTERN =
  /^\/(?:(?:[A-Za-z0-9_~-][A-Za-z0-9._~-]*|:[A-Za-z_][A-Za-z0-9_]*)(?:\/(?:[A-Za-z0-9_~-][A-Za-z0-9._~-]*|:[A-Za-z_][A-Za-z0-9_]*))*)?$/;
export const EndpointPath = z
  .string()
  .check(
    z.maxLength(512),
    z.regex(
      ENDPOINT_PATH_PATTERN,
      'must be "/" or "/segment/:param" with URL-safe literal segments (no "..", no empty segments)',
    ),
  );
export type EndpointPath = z.infer<typeof EndpointPath>;
