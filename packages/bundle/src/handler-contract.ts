// The routes a js@1 module serves, read from the module itself: `serve(contract, ...)` of
// @extsys/handler-js gives `handle` a `contract` property. `pack` compares them with the
// manifest's `api.endpoints`, so the signed manifest and the shipped module cannot disagree.
import { HTTP_METHODS, routeKey } from '@extsys/protocol/contract';
import type { Manifest, ManifestEndpoint } from '@extsys/protocol';
import { BundleError } from './errors.js';
import { loadJsModule } from './js-module.js';

export interface HandlerRoute {
  handler: string;
  method: string;
  path: string;
}

/** Globals the module may touch at load: the runner's, inert (no host call happens while loading). */
const LOAD_GLOBALS = {
  __runner: {
    call: () =>
      JSON.stringify({
        ok: false,
        error: { code: 'internal', message: 'no host calls while loading', retriable: false },
      }),
    log: () => undefined,
    utf8Encode: () => new ArrayBuffer(0),
    utf8Decode: () => '',
  },
  console: {
    debug: () => undefined,
    log: () => undefined,
    info: () => undefined,
    warn: () => undefined,
    error: () => undefined,
  },
};

/**
 * Evaluates a built module and answers its contract's routes (undefined for a module written
 * without a contract). Throws `module_invalid` when it does not load or does not export `handle`.
 */
export async function readHandlerContract(code: string, filename: string): Promise<HandlerRoute[] | undefined> {
  const exports = await loadJsModule(code, { filename, globals: LOAD_GLOBALS });
  const handle = exports['handle'];
  if (typeof handle !== 'function') {
    throw new BundleError(
      'module_invalid',
      `${filename}: does not export a "handle" function (js-abi-v1); end the entry with: export const handle = serve(contract, implementations)`,
    );
  }
  const contract = (handle as { contract?: { endpoints?: unknown } }).contract;
  if (contract === undefined) return undefined;
  const endpoints = contract.endpoints;
  if (typeof endpoints !== 'object' || endpoints === null) {
    throw new BundleError(
      'module_invalid',
      `${filename}: handle.contract has no endpoints; build it with defineContract()`,
    );
  }
  return Object.entries(endpoints).map(([handler, spec]) => {
    const { method, path } = (spec ?? {}) as { method?: unknown; path?: unknown };
    if (typeof path !== 'string' || !(HTTP_METHODS as readonly unknown[]).includes(method)) {
      throw new BundleError('module_invalid', `${filename}: contract endpoint "${handler}" has no method and path`);
    }
    return { handler, method: method as string, path };
  });
}

const endpointJson = (route: HandlerRoute) =>
  JSON.stringify({ method: route.method, path: route.path, handler: route.handler });

/**
 * Every way the manifest's `api.endpoints` and the module's contract disagree, one sentence each
 * with its fix: an endpoint the contract has and the manifest lacks, one declared with another
 * method or path, and one the manifest declares that the contract does not have.
 */
export function contractMismatches(endpoints: readonly ManifestEndpoint[], routes: readonly HandlerRoute[]): string[] {
  const problems: string[] = [];
  const byHandler = new Map(routes.map((route) => [route.handler, route]));
  const declared = new Set<string>();
  endpoints.forEach((endpoint, i) => {
    const route = byHandler.get(endpoint.handler);
    const at = `api.endpoints[${i}] (${endpoint.method} ${endpoint.path}, handler "${endpoint.handler}")`;
    if (route === undefined) {
      problems.push(`${at} is not in the handler's contract: remove it, or add "${endpoint.handler}" to the contract`);
    } else if (route.method !== endpoint.method || route.path !== endpoint.path) {
      problems.push(
        `${at}: the contract serves "${route.handler}" at ${route.method} ${route.path}; declare it as ${endpointJson(route)}`,
      );
    } else {
      declared.add(route.handler);
    }
  });
  for (const route of routes) {
    if (declared.has(route.handler) || endpoints.some((endpoint) => endpoint.handler === route.handler)) continue;
    const clash = endpoints.find((endpoint) => routeKey(endpoint) === routeKey(route));
    problems.push(
      `contract endpoint "${route.handler}" (${route.method} ${route.path}) is not declared in api.endpoints: add ${endpointJson(route)}` +
        (clash ? ` in place of handler "${clash.handler}"` : ''),
    );
  }
  return problems;
}

/** Throws `manifest_invalid` listing every mismatch between the manifest and the module's contract. */
export function assertManifestMatchesContract(
  manifest: Manifest,
  routes: readonly HandlerRoute[],
  where: string,
): void {
  if (!manifest.api) return;
  const problems = contractMismatches(manifest.api.endpoints, routes);
  if (problems.length === 0) return;
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
  throw new BundleError(
    'manifest_invalid',
    `${where}: api.endpoints and the contract of ${manifest.api.module} disagree: ${problems[0]}${more}`,
    { issues: problems },
  );
}
