import {
  ContractError,
  type BodyOf,
  type Contract,
  type EndpointName,
  type EndpointOf,
  type EndpointSpec,
  type ParamsOf,
  type QueryOf,
  type QueryValues,
  type ResponseInputOf,
} from '@extsys/protocol/contract';
import type { HandlerRequest } from '@extsys/protocol/execute';
import { errorAnswer, toModuleAnswer, type ModuleAnswer, type Reply } from './answer.js';
import { HandlerError, thrownText } from './errors.js';
import { parseJsonText, validated } from './json-body.js';
import { ExtRequest } from './request.js';
import { createRouter } from './router.js';
import { runner } from './runner-global.js';

/** What an implementation receives: the body, params and query typed (and validated) from the contract. */
export interface EndpointInput<E extends EndpointSpec> {
  readonly body: BodyOf<E>;
  readonly params: ParamsOf<E>;
  readonly query: QueryOf<E>;
  /** Headers, context (request id, tenant...), config, grants, the raw body. */
  readonly req: ExtRequest<ParamsOf<E>>;
}

/** The data the contract's response schema accepts (a 200 JSON answer), or a `Reply` of it. */
export type EndpointAnswer<E extends EndpointSpec> = ResponseInputOf<E> | Reply<ResponseInputOf<E>>;

export type Implementation<E extends EndpointSpec> = (
  input: EndpointInput<E>,
) => EndpointAnswer<E> | Promise<EndpointAnswer<E>>;

/** One implementation per contract endpoint, under the endpoint's name. */
export type Implementations<C extends Contract> = { readonly [N in EndpointName<C>]: Implementation<EndpointOf<C, N>> };

/** The module's `handle` export (js-abi-v1), carrying its contract for `extsys-bundle pack`. */
export interface Handle<C extends Contract = Contract> {
  (request: string, body: ArrayBuffer): Promise<ModuleAnswer>;
  readonly contract: C;
}

/** `?tag=a&tag=b&q=x` as the runner sends it (`{tag: ['a','b'], q: ['x']}`) → `{tag: ['a','b'], q: 'x'}`. */
function queryValues(query: Readonly<Record<string, readonly string[]>>): QueryValues {
  const values: QueryValues = {};
  for (const [name, list] of Object.entries(query)) values[name] = list.length === 1 ? list[0] : [...list];
  return values;
}

/** A failure as the caller's answer; an unexpected one is logged here and answered without its message. */
function failureAnswer(error: unknown, requestId: string, endpoint: string): ModuleAnswer {
  if (error instanceof HandlerError) return errorAnswer(error.toEnvelope(requestId));
  try {
    runner().log(3, `unexpected error in ${endpoint}: ${thrownText(error)}`);
  } catch {
    // No runner to log to: the answer below still carries the request id.
  }
  return errorAnswer({
    code: 'internal',
    // Never the thrown message: it may hold a secret, a query, an upstream body. The log has it.
    message: `the handler failed unexpectedly; its log has the details under request id ${requestId}`,
    retriable: false,
    status: 500,
    requestId,
  });
}

/**
 * The module's `handle`, serving `contract` with one implementation per endpoint:
 *
 *   export const handle = serve(contract, {
 *     getCounter: async () => ({ count: Number((await kv.get('count'))?.value ?? 0) }),
 *     echo: ({ body }) => ({ message: body.message }),
 *   });
 *
 * Each call: the runner's `route.handler` picks the endpoint; its query and JSON body are validated
 * (a 400 `validation_failed` naming the field); the implementation's data is a 200 JSON answer, a
 * `Reply` says more; a thrown `HandlerError` is its envelope with the request id; anything else
 * thrown is a 500 `internal` that does not repeat the thrown message (the log line does).
 */
export function serve<C extends Contract>(contract: C, implementations: Implementations<C>): Handle<C> {
  const names = Object.keys(contract.endpoints);
  const table = implementations as Readonly<Record<string, Implementation<EndpointSpec>>>;
  for (const name of names) {
    if (typeof table[name] !== 'function')
      throw new ContractError(`serve: contract endpoint "${name}" has no implementation`);
  }
  for (const name of Object.keys(table)) {
    if (!names.includes(name))
      throw new ContractError(`serve: "${name}" is implemented but not in the contract; declare it there`);
  }
  const route = createRouter(contract);

  const handle = async (requestJson: string, body: ArrayBuffer): Promise<ModuleAnswer> => {
    let request: HandlerRequest;
    try {
      request = JSON.parse(requestJson) as HandlerRequest;
    } catch (error) {
      return failureAnswer(error, 'unknown', 'handle (the request JSON)');
    }
    const requestId = request.context?.requestId ?? 'unknown';
    let endpoint = request.route?.handler ?? 'handle';
    try {
      const { name, spec } = route(request);
      endpoint = name;
      const req = new ExtRequest(request, new Uint8Array(body));
      const input = {
        body: spec.body === undefined ? undefined : validated(spec.body, parseJsonText(req.text(), 'body'), 'body'),
        params: req.params,
        query: spec.query === undefined ? {} : validated(spec.query, queryValues(req.query), 'query'),
        req,
      };
      return toModuleAnswer(await table[name]!(input as EndpointInput<EndpointSpec>));
    } catch (error) {
      return failureAnswer(error, requestId, endpoint);
    }
  };
  return Object.assign(handle, { contract });
}
