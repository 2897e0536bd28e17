// The arguments of `api.call(name, ...)`, inferred from the endpoint: its body first when it declares
// one, then the options, required only when the path has parameters or the query has required fields.
import type {
  BodyInputOf,
  Contract,
  EndpointName,
  EndpointOf,
  EndpointSpec,
  ParamsOf,
  QueryInputOf,
  ResponseOf,
} from '@extsys/protocol/contract';

export interface CallInit {
  /** Extra request headers (the SDK sets `accept`, `content-type`, the token and the request id). */
  headers?: HeadersInit;
  signal?: AbortSignal;
  /** Deadline of the call (default `context.limits.callTimeoutMs`). */
  timeoutMs?: number;
}

type ParamsPart<E extends EndpointSpec> =
  Record<never, never> extends ParamsOf<E> ? { params?: ParamsOf<E> } : { params: ParamsOf<E> };
type QueryPart<E extends EndpointSpec> =
  Record<never, never> extends QueryInputOf<E> ? { query?: QueryInputOf<E> } : { query: QueryInputOf<E> };

/** `params` (from the path) and `query` (from the query schema), plus the transport options. */
export type CallOptions<E extends EndpointSpec> = CallInit & ParamsPart<E> & QueryPart<E>;

type OptionsArgument<E extends EndpointSpec> =
  Record<never, never> extends ParamsPart<E> & QueryPart<E> ? [options?: CallOptions<E>] : [options: CallOptions<E>];

export type CallArgs<E extends EndpointSpec> = E['body'] extends object
  ? [body: BodyInputOf<E>, ...OptionsArgument<E>]
  : OptionsArgument<E>;

export interface ContractClient<C extends Contract> {
  /**
   * Calls an endpoint of the contract: `await api.call('getCounter')`, `await api.call('echo',
   * {message})`, `await api.call('getNote', {params: {id}})`. Resolves with the answer parsed by the
   * endpoint's response schema; rejects with `ExtError` (the handler's or gateway's envelope, or
   * `bad_gateway` when the answer does not match the contract).
   */
  call<N extends EndpointName<C>>(name: N, ...args: CallArgs<EndpointOf<C, N>>): Promise<ResponseOf<EndpointOf<C, N>>>;
  readonly contract: C;
}
