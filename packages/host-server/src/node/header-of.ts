import type { IncomingHttpHeaders } from 'node:http';

/** A header of a node:http request by lower-case name; a repeated one joined with ", " as HTTP allows. */
export function headerOf(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}
