import * as z from 'zod/mini';

/**
 * The kinds of value the services' environment variables take, one parser each, so the runner and
 * the gateway read `PORT=8080` or `SECURE_COOKIES=1` alike (and the docs' settings reference
 * describes them alike).
 */

/** The levels a service logs at (pino's), from the most severe; `silent` logs nothing. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Text that is not empty: a path, a host name, a URL (checked further by its user). */
export const envText = z.string().check(z.minLength(1));

/** A whole number written as text: `"8080"` → 8080. */
export const envWholeNumber = z.pipe(
  z.string().check(z.regex(/^\d+$/, 'must be a whole number')),
  z.transform((value) => Number(value)),
);

/** A yes or no: `true`/`false`, or `1`/`0`. */
export const envFlag = z.pipe(
  z.enum(['true', 'false', '1', '0']),
  z.transform((value) => value === 'true' || value === '1'),
);

/** `LOG_LEVEL`. */
export const envLogLevel = z.enum(LOG_LEVELS);
