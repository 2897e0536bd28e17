import type * as z from 'zod/mini';
import { HTTP_METHODS, type HttpMethodName } from '../primitives/http-methods.js';
import {
  ENDPOINT_PATH_PATTERN,
  ENDPOINT_PATH_RULE,
  HANDLER_NAME_MAX_LENGTH,
  HANDLER_NAME_PATTERN,
  HANDLER_NAME_RULE,
  pathParamNames,
  routeKey,
} from '../manifest/endpoint-pattern.js';

/** Any zod schema (zod/mini or classic zod: both are built on zod's core). */
export type Schema = z.core.$ZodType;

/** What a query schema may read: every parameter as one string, or a list when it is repeated. */
export type QueryValues = { [name: string]: string | string[] | undefined };

/** One endpoint of an extension's API, declared once for the handler, the UI and the manifest check. */
export interface EndpointSpec {
  /** The HTTP method; `GET` endpoints cannot declare a body (browsers refuse to send one). */
  readonly method: HttpMethodName;
  /** The manifest pattern: `/items/:id`. Each `:name` is a path parameter, typed as a string. */
  readonly path: string;
  /** The JSON request body; validated by the handler SDK before the implementation runs. */
  readonly body?: Schema;
  /** The query string as `{name: value}` (a repeated name: a list of values); validated like the body. */
  readonly query?: z.core.$ZodType<unknown, QueryValues>;
  /** The answer: a JSON value (`undefined` for an empty answer); checked by the UI's typed client. */
  readonly response: Schema;
}

export type EndpointSpecs = { readonly [name: string]: EndpointSpec };

/** The API of an extension: its endpoints by name. The name is the manifest endpoint's `handler`. */
export interface Contract<Endpoints extends EndpointSpecs = EndpointSpecs> {
  readonly endpoints: Endpoints;
}

/** A route as the manifest declares it (`api.endpoints[]`). */
export interface ContractRoute {
  readonly handler: string;
  readonly method: HttpMethodName;
  readonly path: string;
}

/**
 * A contract that cannot be served: thrown by `defineContract` when the module loads, so the
 * mistake shows in the author's tests and at build time, never on a live call. `code` is stable.
 */
export class ContractError extends Error {
  override readonly name = 'ContractError';
  readonly code = 'contract_invalid';
}

const MAX_ENDPOINTS = 200; // the manifest's own cap on api.endpoints

function isSchema(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && '_zod' in value;
}

function endpointProblem(name: string, spec: EndpointSpec): string | undefined {
  if (name.length > HANDLER_NAME_MAX_LENGTH || !HANDLER_NAME_PATTERN.test(name)) {
    return `the name ${HANDLER_NAME_RULE} (it is the manifest endpoint's "handler")`;
  }
  if (!(HTTP_METHODS as readonly string[]).includes(spec.method)) {
    return `method ${JSON.stringify(spec.method)} must be one of ${HTTP_METHODS.join(', ')}`;
  }
  if (typeof spec.path !== 'string' || spec.path.length > 512 || !ENDPOINT_PATH_PATTERN.test(spec.path)) {
    return `path ${JSON.stringify(spec.path)} ${ENDPOINT_PATH_RULE}`;
  }
  const params = pathParamNames(spec.path);
  const repeated = params.find((param, i) => params.indexOf(param) !== i);
  if (repeated !== undefined) return `path ${spec.path} names the parameter :${repeated} twice`;
  if (!isSchema(spec.response)) return 'response must be a zod schema (z.undefined() for an empty answer)';
  if (spec.body !== undefined && !isSchema(spec.body)) return 'body must be a zod schema';
  if (spec.body !== undefined && spec.method === 'GET') {
    return 'a GET endpoint cannot declare a body (browsers refuse to send one): use POST, or take query parameters';
  }
  if (spec.query !== undefined && !isSchema(spec.query)) return 'query must be a zod schema of an object';
  return undefined;
}

/**
 * Declares an extension's API once. Each key is an endpoint's name — the manifest endpoint's
 * `handler` — and its value says method, path, body, query and response:
 *
 *   export const contract = defineContract({
 *     getCounter: { method: 'GET', path: '/counter', response: z.object({ count: z.number() }) },
 *     echo: { method: 'POST', path: '/echo', body: Message, response: Message },
 *   });
 *
 * The handler SDK's `serve(contract, implementations)` types and validates each implementation's
 * input from it, the UI's `client(contract, ext)` types each call and checks its answer, and
 * `extsys-bundle pack` checks the manifest declares exactly these routes. Throws a
 * `ContractError` naming the endpoint for a contract the manifest or a browser could not accept.
 */
export function defineContract<const Endpoints extends EndpointSpecs>(endpoints: Endpoints): Contract<Endpoints> {
  const names = Object.keys(endpoints);
  if (names.length === 0) throw new ContractError('a contract needs at least one endpoint');
  if (names.length > MAX_ENDPOINTS) {
    throw new ContractError(
      `a contract has at most ${MAX_ENDPOINTS} endpoints (the manifest's limit), not ${names.length}`,
    );
  }
  const routes = new Map<string, string>();
  for (const name of names) {
    const spec = endpoints[name]!;
    const problem = endpointProblem(name, spec);
    if (problem !== undefined) throw new ContractError(`contract endpoint "${name}": ${problem}`);
    const key = routeKey(spec);
    const clash = routes.get(key);
    if (clash !== undefined) {
      throw new ContractError(
        `contract endpoints "${clash}" and "${name}" are both ${spec.method} ${spec.path}: the gateway could not tell them apart`,
      );
    }
    routes.set(key, name);
  }
  return Object.freeze({ endpoints: Object.freeze({ ...endpoints }) });
}

/** The contract's routes as the manifest's `api.endpoints` declares them, in the contract's order. */
export function contractRoutes(contract: Contract): ContractRoute[] {
  return Object.entries(contract.endpoints).map(([handler, { method, path }]) => ({ handler, method, path }));
}
