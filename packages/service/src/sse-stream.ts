import type { ServerResponse } from 'node:http';
import { SSE_CONTENT_TYPE, encodeSseComment, encodeSseMessage } from '@extsys/protocol';
import type { FastifyInstance, FastifyReply } from 'fastify';

export interface SseStreamOptions {
  /** A comment line this often keeps idle connections (and proxies) open. */
  heartbeatMs: number;
  /**
   * Most bytes that may wait in the socket's buffer for a slow reader: past it `send()` drops the
   * message (returns false) instead of buffering without bound; the caller counts and says so.
   */
  maxBufferedBytes: number;
  /** Extra response headers (the request id, say). */
  headers?: Record<string, string>;
}

/** An open text/event-stream response. */
export interface SseStream {
  /** Writes one message; false when it was dropped (a slow reader) or the stream is closed. */
  send(message: { event?: string; id?: string; data: string }): boolean;
  /** Whether a message of this size would be written now. */
  readonly writable: boolean;
  /** Runs `listener` once the reader has taken what was buffered (at once if nothing waits). */
  onDrain(listener: () => void): void;
  /** Runs once when the stream ends, whoever ended it. */
  onClose(listener: () => void): void;
  close(): void;
  readonly closed: boolean;
}

/**
 * The SSE streams of one app. `open()` turns a Fastify reply into a stream: the reply is hijacked
 * (Fastify no longer answers it), the headers are written at once, comments keep it alive, and a
 * reader that does not keep up loses messages rather than the server's memory. A stream ends when
 * the client goes, on `close()`, or when the app starts closing: a stream is a request that never
 * finishes by itself, and graceful close would otherwise wait for it until its grace period ran out.
 */
export class SseStreams {
  private readonly streams = new Set<SseStream>();

  constructor(app: FastifyInstance) {
    app.addHook('preClose', async () => {
      for (const stream of [...this.streams]) stream.close();
    });
  }

  get size(): number {
    return this.streams.size;
  }

  open(reply: FastifyReply, options: SseStreamOptions): SseStream {
    const stream = openSseStream(reply, options);
    this.streams.add(stream);
    stream.onClose(() => this.streams.delete(stream));
    return stream;
  }
}

function openSseStream(reply: FastifyReply, options: SseStreamOptions): SseStream {
  reply.hijack();
  const raw: ServerResponse = reply.raw;
  // Kept: the response lets go of its socket once it closes.
  const socket = raw.socket;
  raw.writeHead(200, {
    'content-type': `${SSE_CONTENT_TYPE}; charset=utf-8`,
    'cache-control': 'no-store',
    // nginx buffers proxied responses unless told not to: a stream must not wait for a full buffer.
    'x-accel-buffering': 'no',
    'x-content-type-options': 'nosniff',
    ...options.headers,
  });
  raw.flushHeaders();
  const listeners: (() => void)[] = [];
  let closed = false;
  const heartbeat = setInterval(() => {
    if (!closed && raw.writableLength < options.maxBufferedBytes) raw.write(encodeSseComment('keep-alive'));
  }, options.heartbeatMs);
  heartbeat.unref();
  const finish = () => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    for (const listener of listeners) listener();
  };
  const stream: SseStream = {
    send(message) {
      if (closed || raw.writableLength >= options.maxBufferedBytes) return false;
      raw.write(encodeSseMessage(message));
      return true;
    },
    get writable() {
      return !closed && raw.writableLength < options.maxBufferedBytes;
    },
    onDrain(listener) {
      if (closed) return;
      if (raw.writableLength === 0) queueMicrotask(listener);
      else raw.once('drain', listener);
    },
    onClose(listener) {
      if (closed) listener();
      else listeners.push(listener);
    },
    close() {
      // The connection goes too: a client that stopped reading (or left without closing its socket)
      // would otherwise keep it open, and the server's close would wait for it.
      if (!closed) raw.end(() => raw.destroy());
      finish();
    },
    get closed() {
      return closed;
    },
  };
  raw.on('close', () => {
    // The client went (even just half-closing its side): the socket must go too, or it stays
    // half-open for ever — this response never ends by itself — and the server's close waits for it.
    socket?.destroy();
    finish();
  });
  return stream;
}
