// The js@1 twin of the realistic wasm fixture's routes the benchmark calls, written against the
// js@1 ABI directly (docs/abi/js-abi-v1.md): `GET /items/:id` (route + JSON answer),
// `GET /counter` (route + KV get + JSON answer) and `GET /loop` (never returns).
export const JS_BENCH_HANDLER = `
const json = (status, value) => ({
  header: JSON.stringify({ status, headers: { 'content-type': 'application/json' } }),
  body: JSON.stringify(value),
});
const kv = (fn, args) => JSON.parse(__runner.call(fn, JSON.stringify(args)));
const routes = {
  '/items/:id': (req) => json(200, { id: req.route.params.id, view: req.http.query.view?.[0] ?? 'default', tags: [], handler: req.route.handler }),
  '/counter': (req) => {
    const got = kv('kv_get', { key: 'counter' });
    const entry = got.ok ? got.value : null;
    return json(200, { tenant: req.context.tenantId, count: entry ? Number(entry.value) : 0, revision: entry ? entry.revision : 0 });
  },
  '/loop': () => { for (;;) {} },
};
export async function handle(request) {
  const req = JSON.parse(request);
  return routes[req.route.pattern](req);
}
`;
