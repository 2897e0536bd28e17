import * as z from 'zod/mini';
import { HTTP_METHODS } from './http-methods.js';
import { safeRecord } from './schema-builders.js';

export { HTTP_METHODS };
export const HttpMethod = z.enum(HTTP_METHODS);
export type HttpMethod = z.infer<typeof HttpMethod>;

/** HTTP status codes as carried on the wire. */
export const HttpStatus = z.int().check(z.gte(100), z.lte(599));

/**
 * A final answer's status: 200–599. A handler may not answer 1xx (an informational status is not an
 * answer: a proxy that wrote one would leave its client waiting for the real one) nor anything
 * outside HTTP's range.
 */
export const FinalHttpStatus = z.int().check(z.gte(200), z.lte(599));

/** RFC 9110 token characters: a header name must be one. Names travel lower-cased. */
const HEADER_NAME_PATTERN = /^[!#$%&'*+.^_`|~0-9a-z-]+$/;
export const HeaderName = z
  .string()
  .check(z.minLength(1), z.maxLength(128), z.regex(HEADER_NAME_PATTERN, 'must be a lower-case HTTP header name'));
/** Header values: visible ASCII, spaces and tabs only, so nothing can split a header line. */
export const HeaderValue = z
  .string()
  .check(
    z.maxLength(8192),
    z.regex(/^[\t\u0020-\u007e\u0080-\u00ff]*$/, 'must not contain control characters or line breaks'),
  );
export const HeaderMap = safeRecord(HeaderName, HeaderValue, 64);
export type HeaderMap = z.infer<typeof HeaderMap>;
