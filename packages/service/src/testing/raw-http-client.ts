// HTTP/1.1 clients that send exactly the bytes a test gives, at the pace it gives: what fetch and
// node:http refuse to send (a bad header name, Content-Length with Transfer-Encoding, a garbage
// request line) and what a slow client does (one byte at a time).
import { connect, type Socket } from 'node:net';

/** What came back on one connection, read until the server closed it. */
export interface RawAnswer {
  /** Everything the server wrote, as text. */
  text: string;
  /** The status of the first response line, or undefined when the server wrote nothing. */
  status: number | undefined;
  /** The first response's headers, names lower-cased. */
  headers: Record<string, string>;
  body: string;
  /** Whether the server closed the connection (false: the client gave up waiting and closed it). */
  closedByServer: boolean;
}

export interface TrickleAnswer extends RawAnswer {
  /** Whether the server closed the connection before the client had sent every trickled byte. */
  cutByServer: boolean;
  trickledBytes: number;
}

export interface RawTarget {
  port: number;
  host?: string;
}

function parseAnswer(text: string): Omit<RawAnswer, 'closedByServer'> {
  const end = text.indexOf('\r\n\r\n');
  const head = end === -1 ? text : text.slice(0, end);
  const [statusLine = '', ...lines] = head.split('\r\n');
  const match = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return {
    text,
    status: match ? Number(match[1]) : undefined,
    headers,
    body: end === -1 ? '' : text.slice(end + 4),
  };
}

function open(target: RawTarget): { socket: Socket; closed: Promise<string> } {
  const socket = connect(target.port, target.host ?? '127.0.0.1');
  const chunks: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  // A reset after the answer is how a server closing on unread bytes looks: the answer still counts.
  socket.on('error', () => undefined);
  const closed = new Promise<string>((resolve) =>
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1'))),
  );
  return { socket, closed };
}

/**
 * Sends `bytes` on a new connection as given and reads until the server closes it. Gives up (and
 * closes it itself) after `giveUpMs`, so a server that never answers fails a test instead of
 * hanging it.
 */
export async function sendRaw(target: RawTarget, bytes: string | Buffer, giveUpMs = 5_000): Promise<RawAnswer> {
  const { socket, closed } = open(target);
  socket.write(bytes);
  let closedByServer = true;
  const giveUp = setTimeout(() => {
    closedByServer = false;
    socket.destroy();
  }, giveUpMs);
  try {
    return { ...parseAnswer(await closed), closedByServer };
  } finally {
    clearTimeout(giveUp);
  }
}

/**
 * A slow client: sends `head` at once, then `trickle` one byte every `intervalMs`, and reads until
 * the server closes the connection. If the server lets it send every byte, it waits `giveUpMs`
 * more, then closes the connection itself (`cutByServer: false`). Make `trickle` long enough that
 * sending it all takes well past the server's deadline.
 */
export async function trickle(
  target: RawTarget,
  options: { head: string; trickle: string; intervalMs: number; giveUpMs?: number },
): Promise<TrickleAnswer> {
  const { socket, closed } = open(target);
  let trickledBytes = 0;
  let closedByServer = true;
  let giveUp: NodeJS.Timeout | undefined;
  socket.write(options.head);
  const drip = setInterval(() => {
    if (socket.destroyed) return;
    if (trickledBytes === options.trickle.length) {
      clearInterval(drip);
      giveUp = setTimeout(() => {
        closedByServer = false;
        socket.destroy();
      }, options.giveUpMs ?? 1_000);
      return;
    }
    socket.write(options.trickle[trickledBytes]!);
    trickledBytes += 1;
  }, options.intervalMs);
  try {
    const text = await closed;
    return {
      ...parseAnswer(text),
      closedByServer,
      cutByServer: closedByServer && trickledBytes < options.trickle.length,
      trickledBytes,
    };
  } finally {
    clearInterval(drip);
    clearTimeout(giveUp);
  }
}

/** The envelope of a refusal written on the socket (see client-error.ts). */
export interface SocketRefusal {
  code: string;
  message: string;
  requestId: string;
  status: number;
  retriable: boolean;
}

/**
 * The `{error}` envelope of a refusal the service wrote on the socket, after checking what every
 * such refusal carries: JSON, its request id in the body and the `x-request-id` header, `nosniff`,
 * `no-store`, `connection: close`, a content length that matches. Throws, naming what is missing.
 */
export function socketRefusal(answer: RawAnswer): SocketRefusal {
  const expected: Record<string, string | undefined> = {
    'content-type': 'application/json; charset=utf-8',
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
    connection: 'close',
    'content-length': String(Buffer.byteLength(answer.body, 'latin1')),
  };
  for (const [name, value] of Object.entries(expected)) {
    if (answer.headers[name] !== value) {
      throw new Error(`${name}: expected "${value}", got "${answer.headers[name]}" in:\n${answer.text}`);
    }
  }
  const { error } = JSON.parse(answer.body) as { error: SocketRefusal };
  if (!/^req_[A-Za-z0-9_-]{16}$/.test(error.requestId) || error.requestId !== answer.headers['x-request-id']) {
    throw new Error(`the body's requestId and x-request-id differ or are not minted ids in:\n${answer.text}`);
  }
  if (error.status !== answer.status) throw new Error(`the body's status is not the answer's in:\n${answer.text}`);
  return error;
}
