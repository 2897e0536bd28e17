import type { ManifestEndpoint } from '@extsys/protocol';

/**
 * Finds the manifest endpoint for a method and a path: same number of segments, literal segments
 * equal (case-sensitive), each `:name` matching one non-empty segment. Literal routes win over
 * parameterised ones. The path's segments are percent-decoded for the params.
 */
export function matchEndpoint(
  endpoints: readonly ManifestEndpoint[],
  method: string,
  path: string,
): { endpoint: ManifestEndpoint; params: Record<string, string> } | undefined {
  const segments = path.split('/').slice(1);
  let best: { endpoint: ManifestEndpoint; params: Record<string, string>; literals: number } | undefined;
  for (const endpoint of endpoints) {
    if (endpoint.method !== method) continue;
    const pattern = endpoint.path === '/' ? [''] : endpoint.path.split('/').slice(1);
    const actual = path === '/' ? [''] : segments;
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
