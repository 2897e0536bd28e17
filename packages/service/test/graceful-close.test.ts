import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { gracefulClose, trackRequests } from '../src/index.js';

let server: Server;
const sockets: Socket[] = [];

async function start(handler: (finish: () => void) => void): Promise<number> {
  server = createServer((_request, response) => handler(() => response.end('done')));
  trackRequests(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

async function open(port: number): Promise<Socket> {
  const socket = connect(port, '127.0.0.1');
  sockets.push(socket);
  await new Promise((resolve) => socket.once('connect', resolve));
  return socket;
}

function closeServer(onTimeout: () => void = () => undefined) {
  return gracefulClose(server, () => new Promise<void>((resolve) => server.close(() => resolve())), {
    graceMs: 60_000,
    onTimeout,
  });
}

afterEach(() => {
  for (const socket of sockets.splice(0)) socket.destroy();
  server.closeAllConnections();
});

describe('gracefulClose', () => {
  it('does not wait on a connection that never sent a request (a browser preconnect)', async () => {
    const port = await start((finish) => finish());
    await open(port);
    let timedOut = false;
    await closeServer(() => (timedOut = true));
    expect(timedOut).toBe(false);
    expect(server.listening).toBe(false);
  });

  it('does not wait on an idle keep-alive connection', async () => {
    const port = await start((finish) => finish());
    const socket = await open(port);
    socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    await new Promise((resolve) => socket.once('data', resolve));
    await closeServer();
    expect(server.listening).toBe(false);
  });

  it('lets a request in flight finish and answers it before closing', async () => {
    let finish!: () => void;
    const port = await start((done) => (finish = done));
    const busy = await open(port);
    await open(port); // a preconnect next to it must not cut the busy one short
    const answer = new Promise<string>((resolve) => {
      let text = '';
      busy.on('data', (chunk: Buffer) => (text += chunk.toString()));
      busy.on('close', () => resolve(text));
    });
    busy.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const closed = closeServer();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(server.listening).toBe(false);
    finish();
    await closed;
    expect(await answer).toContain('done');
  });

  it('refuses to run on a server whose requests are not counted', async () => {
    server = createServer();
    expect(() => gracefulClose(server, () => Promise.resolve(), { graceMs: 1000, onTimeout: () => undefined })).toThrow(
      /trackRequests/,
    );
  });
});
