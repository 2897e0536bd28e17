import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What `GET /quote` answers. */
export interface Quote {
  id: number;
  text: string;
  author: string;
}

const QUOTES: readonly Omit<Quote, 'id'>[] = [
  { text: 'Simplicity is prerequisite for reliability.', author: 'Edsger W. Dijkstra' },
  { text: 'Make it work, make it right, make it fast.', author: 'Kent Beck' },
  { text: 'The cheapest, fastest and most reliable components are those that are not there.', author: 'Gordon Bell' },
  { text: 'Programs must be written for people to read.', author: 'Harold Abelson' },
  { text: 'Premature optimization is the root of all evil.', author: 'Donald Knuth' },
];

export interface QuoteApi {
  url: string;
  close(): Promise<void>;
}

/**
 * The demo's allow-listed outside API, served in-process on loopback: `GET /quote` answers the next
 * quote of a fixed list as JSON (`{id, text, author}`), in order, so answers are predictable.
 * Anything else is a JSON 404.
 */
export async function startQuoteApi(port: number, host = '127.0.0.1'): Promise<QuoteApi> {
  let served = 0;
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?', 1)[0];
    const send = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      response.end(JSON.stringify(body));
    };
    if (request.method === 'GET' && path === '/quote') {
      const index = served++ % QUOTES.length;
      send(200, { id: index + 1, ...QUOTES[index] });
    } else if (request.method === 'GET' && path === '/healthz') {
      send(200, { status: 'ok' });
    } else {
      send(404, { error: { code: 'not_found', message: `no route ${request.method} ${path}; try GET /quote` } });
    }
  });
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolveListen());
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${actual}`,
    close: () =>
      new Promise<void>((resolveClose) => {
        server.closeAllConnections();
        server.close(() => resolveClose());
      }),
  };
}
