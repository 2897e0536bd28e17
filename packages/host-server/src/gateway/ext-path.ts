import { parseQuery } from '@extsys/protocol';

/** The parts of `/api/ext/{extensionId}/{path}?{query}` (`path` is `/` when the URL ends at the id). */
export interface ExtPath {
  extensionId: string;
  path: string;
  query: Record<string, string[]>;
}

/** Splits an extension API URL under `basePath` (e.g. `/api/ext`); undefined when it is not under it. */
export function splitExtPath(url: string, basePath: string): ExtPath | undefined {
  const queryAt = url.indexOf('?');
  const pathname = queryAt === -1 ? url : url.slice(0, queryAt);
  const prefix = `${basePath}/`;
  if (!pathname.startsWith(prefix)) return undefined;
  const rest = pathname.slice(prefix.length);
  const slash = rest.indexOf('/');
  return {
    extensionId: slash === -1 ? rest : rest.slice(0, slash),
    path: slash === -1 ? '/' : rest.slice(slash),
    query: queryAt === -1 ? {} : parseQuery(url.slice(queryAt + 1)),
  };
}
