export {
  ContractError,
  contractRoutes,
  defineContract,
  type Contract,
  type ContractRoute,
  type EndpointSpec,
  type EndpointSpecs,
  type QueryValues,
  type Schema,
} from './define-contract.js';
export type {
  BodyInputOf,
  BodyOf,
  EndpointName,
  EndpointOf,
  EndpointsOf,
  ParamsOf,
  QueryInputOf,
  QueryOf,
  ResponseInputOf,
  ResponseOf,
} from './endpoint-types.js';
export type { PathParamName, PathParams } from './path-params.js';
export { checkValue, type Checked } from './check-value.js';
export { pathParamNames, routeKey } from '../manifest/endpoint-pattern.js';
export { HTTP_METHODS, type HttpMethodName } from '../primitives/http-methods.js';
