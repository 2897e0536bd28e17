import type * as z from 'zod/mini';

/**
 * Conventions of both method tables (`HOST_METHODS`, `EXTENSION_METHODS`): every method takes one
 * argument, validated with `params` on receipt, and answers `bridgeResult(result)`.
 */
export type MethodTable = Record<string, { params: z.ZodMiniType; result: z.ZodMiniType }>;
export type MethodName<T extends MethodTable> = keyof T & string;
/** What a caller passes (defaults not yet applied). */
export type MethodParams<T extends MethodTable, M extends keyof T> = z.input<T[M]['params']>;
/** What a receiver gets after validation (defaults applied). */
export type MethodArgs<T extends MethodTable, M extends keyof T> = z.output<T[M]['params']>;
export type MethodResult<T extends MethodTable, M extends keyof T> = z.output<T[M]['result']>;
