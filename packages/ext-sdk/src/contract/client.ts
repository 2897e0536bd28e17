import { checkValue, type Contract, type EndpointSpec } from '@extsys/protocol/contract';
import { HEADER } from '@extsys/protocol/gateway';
import type { ApiClient } from '../api.js';
import { ExtError } from '../errors.js';
import type { CallInit, ContractClient } from './call-types.js';

interface LooseOptions extends CallInit {
  params?: Record<string, string>;
  query?: Record<string, string | readonly string[] | undefined>;
}

function pathOf(name: string, spec: EndpointSpec, params: Record<string, string> = {}): string {
  return spec.path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, (_, param: string) => {
    const value = Object.hasOwn(params, param) ? params[param] : undefined;
    if (typeof value !== 'string' || value === '') {
      throw new ExtError(
        'path_invalid',
        `api ${name}: params.${param} is required (a non-empty string) for ${spec.path}`,
      );
    }
    // One segment: a "/" is encoded (and then refused by the path check, like ".."), never a new segment.
    return encodeURIComponent(value);
  });
}

function queryOf(query: LooseOptions['query'] = {}): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined) continue;
    for (const item of typeof value === 'string' ? [value] : value) search.append(name, item);
  }
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}

/** The answer's body as the value its schema reads: JSON parsed, text as a string, nothing as undefined. */
async function answerValue(name: string, response: Response): Promise<unknown> {
  const type = response.headers.get('content-type') ?? '';
  if (response.status === 204 || response.status === 205) return undefined;
  if (/[/+]json\b/i.test(type)) {
    const text = await response.text();
    if (text === '') return undefined;
    try {
      return JSON.parse(text);
    } catch (cause) {
      throw mismatch(name, response, 'the answer is not JSON', [], cause);
    }
  }
  if (/^text\//i.test(type)) return response.text();
  const bytes = await response.arrayBuffer();
  return bytes.byteLength === 0 ? undefined : bytes;
}

function mismatch(name: string, response: Response, message: string, issues: string[], cause?: unknown): ExtError {
  const requestId = response.headers.get(HEADER.requestId);
  // Not retriable: the same handler gives the same answer. The contract and the deployed handler
  // disagree (an older bundle, or a handler that answers what its schema refuses).
  return new ExtError('bad_gateway', `api ${name}: ${message}`, {
    status: response.status,
    retriable: false,
    ...(requestId ? { requestId } : {}),
    ...(issues.length > 0 ? { details: { issues } } : {}),
    ...(cause === undefined ? {} : { cause }),
  });
}

/**
 * A typed client of an extension's API contract over `ext.api.fetch` (same token, deadline, request
 * id and error handling): arguments typed from the contract, answers checked against the
 * endpoint's response schema.
 *
 *   const api = client(contract, await connect());
 *   const { count } = await api.call('getCounter');
 */
export function client<C extends Contract>(contract: C, ext: { readonly api: ApiClient }): ContractClient<C> {
  const endpoints = contract.endpoints as Readonly<Record<string, EndpointSpec>>;
  async function call(name: string, ...args: unknown[]): Promise<unknown> {
    const spec = Object.hasOwn(endpoints, name) ? endpoints[name] : undefined;
    if (spec === undefined) throw new ExtError('endpoint_not_found', `api ${name}: the contract has no such endpoint`);
    const body = spec.body === undefined ? undefined : args[0];
    const options = (spec.body === undefined ? args[0] : args[1]) as LooseOptions | undefined;
    const headers = new Headers(options?.headers);
    if (!headers.has('accept')) headers.set('accept', 'application/json, text/plain;q=0.9, */*;q=0.1');
    if (spec.body !== undefined) headers.set('content-type', 'application/json');
    const response = await ext.api.fetch(`${pathOf(name, spec, options?.params)}${queryOf(options?.query)}`, {
      method: spec.method,
      headers,
      ...(spec.body === undefined ? {} : { body: JSON.stringify(body) }),
      ...(options?.signal === undefined ? {} : { signal: options.signal }),
      ...(options?.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    });
    const checked = checkValue(spec.response, await answerValue(name, response), 'answer');
    if (!checked.ok)
      throw mismatch(name, response, `the answer does not match the contract: ${checked.message}`, checked.issues);
    return checked.value;
  }
  return { call: call as ContractClient<C>['call'], contract };
}
