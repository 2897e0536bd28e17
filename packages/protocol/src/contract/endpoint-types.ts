// What each side of a call sees of an endpoint, inferred from its schemas (never restated):
// `…Input` is what a schema accepts (the sender's type), the others what it yields once parsed.
import type * as z from 'zod/mini';
import type { Contract, EndpointSpec, EndpointSpecs } from './define-contract.js';
import type { PathParams } from './path-params.js';

export type EndpointName<C extends Contract> = keyof C['endpoints'] & string;
export type EndpointOf<C extends Contract, N extends EndpointName<C>> = C['endpoints'][N];

/** The parsed body, or `undefined` for an endpoint without one. */
export type BodyOf<E extends EndpointSpec> = E['body'] extends z.core.$ZodType ? z.output<E['body']> : undefined;
export type BodyInputOf<E extends EndpointSpec> = E['body'] extends z.core.$ZodType ? z.input<E['body']> : undefined;

/** The parsed query, or `{}` for an endpoint without a query schema. */
export type QueryOf<E extends EndpointSpec> = E['query'] extends z.core.$ZodType
  ? z.output<E['query']>
  : Record<never, never>;
export type QueryInputOf<E extends EndpointSpec> = E['query'] extends z.core.$ZodType
  ? z.input<E['query']>
  : Record<never, never>;

export type ParamsOf<E extends EndpointSpec> = PathParams<E['path']>;

/** What the handler returns (the schema's input) and what the UI receives (its output). */
export type ResponseInputOf<E extends EndpointSpec> = z.input<E['response']>;
export type ResponseOf<E extends EndpointSpec> = z.output<E['response']>;

/** Every endpoint's name with its spec, for mapped types over a contract. */
export type EndpointsOf<C extends Contract> =
  C extends Contract<infer Endpoints extends EndpointSpecs> ? Endpoints : never;
