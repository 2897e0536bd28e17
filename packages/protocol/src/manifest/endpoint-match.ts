/** What a matched call learns: the endpoint it reached and its `:name` parameters, percent-decoded. */
export interface EndpointMatch<E> {
  endpoint: E;
  params: Record<string, string>;
}

/**
 * Finds the manifest endpoint for a method and a path, as the gateway routes a call: same number of
 * segments, literal segments equal (case-sensitive), each `:name` matching one non-empty segment.
 * Literal routes win over parameterised ones (`/notes/new` before `/notes/:id`). The path's
 * segments are percent-decoded for the params; a malformed escape matches nothing.
 */
export function matchEndpoint<E extends { method: string; path: string }>(
  endpoints: readonly E[],
  method: string,
  path: string,
): EndpointMatch<E> | undefined {
  const actual = path === '/' ? [''] : path.split('/').slice(1);
  let best: (EndpointMatch<E> & { literals: number }) | undefined;
  for (const endpoint of endpoints) {
    if (endpoint.method !== method) continue;
    const pattern = endpoint.path === '/' ? [''] : endpoint.path.split('/').slice(1);
    if (pattern.length !== actual.length) continue;
    const params: Record<string, string> = {};
    let literals = 0;
    let ok = true;
    for (let i = 0; i < pattern.length && ok; i++) {
      const want = pattern[i]!;
      const got = actual[i]!;
      if (want.startsWith(':')) {
        if (got === '') ok = false;
        else {
          try {
            params[want.slice(1)] = decodeURIComponent(got);
          } catch {
            ok = false;
          }
        }
      } else if (want === got) literals++;
      else ok = false;
    }
    if (ok && (!best || literals > best.literals)) best = { endpoint, params, literals };
  }
  return best && { endpoint: best.endpoint, params: best.params };
}
