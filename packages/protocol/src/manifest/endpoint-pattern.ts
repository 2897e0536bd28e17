// The rules of an endpoint's path and handler name without zod, shared by the manifest schema and
// the contract entry (which ships in extension UIs and handler modules and builds no schema).

/**
 * A manifest endpoint pattern: `/`, `/items`, `/items/:id`. Literal segments use URL-safe
 * characters only; `:name` matches exactly one non-empty segment.
 */
export const ENDPOINT_PATH_PATTERN =
  /^\/(?:(?:[A-Za-z0-9_~-][A-Za-z0-9._~-]*|:[A-Za-z_][A-Za-z0-9_]*)(?:\/(?:[A-Za-z0-9_~-][A-Za-z0-9._~-]*|:[A-Za-z_][A-Za-z0-9_]*))*)?$/;
export const ENDPOINT_PATH_RULE =
  'must be "/" or "/segment/:param" with URL-safe literal segments (no "..", no empty segments)';

/** A handler name: what the module's router dispatches on (`getItem`, `items.list`). */
export const HANDLER_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
export const HANDLER_NAME_RULE = 'must be an identifier such as "listItems" or "items.list"';
export const HANDLER_NAME_MAX_LENGTH = 128;

/** `/items/:id` and `/items/:key` are the same route to the gateway's matcher. */
export function routeKey(endpoint: { method: string; path: string }): string {
  return `${endpoint.method} ${endpoint.path.replace(/:[A-Za-z0-9_]+/g, ':')}`;
}

/** The `:name` parameters of a pattern, in order: `/items/:id/notes/:note` → `["id", "note"]`. */
export function pathParamNames(path: string): string[] {
  return path
    .split('/')
    .filter((segment) => segment.startsWith(':'))
    .map((segment) => segment.slice(1));
}
