import { pathParamNames, type Contract, type EndpointSpec } from '@extsys/protocol/contract';
import type { HandlerRequest } from '@extsys/protocol/execute';
import { HandlerError } from './errors.js';

// Dispatch is by the endpoint's NAME, which the runner passes as `route.handler`: the gateway has
// already matched method + path against the manifest, and `extsys-bundle pack` checked that the
// manifest declares exactly the contract's routes. Matching the path again here would be a second
// matcher that could disagree with the gateway's (which of `/items/new` and `/items/:id` wins).

export interface RoutedEndpoint {
  readonly name: string;
  readonly spec: EndpointSpec;
  readonly params: readonly string[];
}

export type Router = (request: HandlerRequest) => RoutedEndpoint;

const FIX = 'the manifest and the handler contract disagree; "extsys-bundle pack" checks them';

export function createRouter(contract: Contract): Router {
  const byName = new Map<string, RoutedEndpoint>();
  for (const [name, spec] of Object.entries(contract.endpoints)) {
    byName.set(name, { name, spec, params: pathParamNames(spec.path) });
  }
  return (request) => {
    const endpoint = byName.get(request.route.handler);
    if (endpoint === undefined) {
      throw new HandlerError(
        404,
        'endpoint_not_found',
        `this handler has no endpoint "${request.route.handler}" (${FIX})`,
      );
    }
    if (endpoint.spec.method !== request.http.method) {
      throw new HandlerError(
        405,
        'method_not_allowed',
        `${endpoint.name} takes ${endpoint.spec.method}, not ${request.http.method}`,
      );
    }
    const missing = endpoint.params.find((param) => !Object.hasOwn(request.route.params, param));
    if (missing !== undefined) {
      throw new HandlerError(500, 'internal', `the route of ${endpoint.name} has no :${missing} parameter (${FIX})`);
    }
    return endpoint;
  };
}
