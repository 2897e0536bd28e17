// The extension's own routes. The SDK's navigation state is the single source of truth: the host
// gives the initial path (a deep link), reflects every `go()` in its URL and sends back/forward.
//
//   /  or  /records          the list, page 1
//   /records?page=3          the list, page 3
//   /records/42              the detail of record 42

export type Route = { view: 'list'; page: number } | { view: 'detail'; id: number } | { view: 'unknown'; path: string };

export function parseRoute(path: string): Route {
  const url = new URL(path, 'https://route.invalid');
  const detail = /^\/records\/(\d{1,9})\/?$/.exec(url.pathname);
  if (detail) return { view: 'detail', id: Number(detail[1]) };
  if (url.pathname === '/' || url.pathname === '/records' || url.pathname === '/records/') {
    const page = Number(url.searchParams.get('page') ?? '1');
    return { view: 'list', page: Number.isInteger(page) && page >= 1 ? page : 1 };
  }
  return { view: 'unknown', path };
}

export const listRoute = (page: number) => (page <= 1 ? '/records' : `/records?page=${page}`);
export const detailRoute = (id: number) => `/records/${id}`;
