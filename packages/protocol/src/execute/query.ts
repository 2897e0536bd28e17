/**
 * A call's query as `/v1/execute` carries it (`http.query`): `a=1&a=2&b=` → `{a: ['1', '2'], b: ['']}`,
 * every value of every name in order. Names become own properties (never `__proto__` setters).
 */
export function parseQuery(search: string): Record<string, string[]> {
  const query: Record<string, string[]> = {};
  new URLSearchParams(search).forEach((value, name) => {
    if (Object.hasOwn(query, name)) query[name]!.push(value);
    else Object.defineProperty(query, name, { value: [value], enumerable: true, writable: true, configurable: true });
  });
  return query;
}
