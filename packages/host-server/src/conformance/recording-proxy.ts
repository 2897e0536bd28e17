import { createServer, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeFrame, type ExecuteRequest } from '@extsys/protocol';

/** One `POST /v1/execute` as it reached the runner. */
export interface RecordedRunnerCall {
  /** The `x-request-id` the host sent with it. */
  requestId: string | undefined;
  /** The HTTP headers the host sent to the runner (its service credential among them). */
  headers: IncomingHttpHeaders;
  /** The frame's header: what the handler is told of the call (`http.headers` are what it sees). */
  execute: ExecuteRequest | undefined;
  /** The frame's body: the request body the handler reads. */
  body: Uint8Array;
  /** Every byte the host sent: request line and headers as Node parsed them, and the frame. */
  raw: string;
}

export interface RecordingProxy {
  /** Where the host should send its runner calls (its runner URL). */
  url: string;
  /** The `/v1/execute` calls so far, oldest first. */
  readonly calls: readonly RecordedRunnerCall[];
  close(): Promise<void>;
}

/**
 * A transparent `node:http` proxy in front of the runner at `runnerUrl` that records every
 * `POST /v1/execute` the host makes, decoded. Everything else (the runner's event stream, assets)
 * passes through untouched. Point the host's runner URL at `url`.
 */
export async function startRecordingProxy(runnerUrl: string): Promise<RecordingProxy> {
  const upstream = new URL(runnerUrl);
  const calls: RecordedRunnerCall[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const bytes = Buffer.concat(chunks);
      if (req.method === 'POST' && req.url?.split('?')[0] === '/v1/execute') {
        const frame = decodeFrame(new Uint8Array(bytes));
        const requestId = req.headers['x-request-id'];
        calls.push({
          requestId: typeof requestId === 'string' ? requestId : undefined,
          headers: req.headers,
          execute: frame.ok ? (frame.header as ExecuteRequest) : undefined,
          body: frame.ok ? frame.body : new Uint8Array(0),
          raw: `${req.method} ${req.url}\n${rawHeaders(req.rawHeaders)}\n${bytes.toString('latin1')}`,
        });
      }
      const forward = httpRequest(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers: req.headers,
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      forward.on('error', () => res.destroy());
      res.on('close', () => forward.destroy());
      forward.end(bytes);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        // A host's long-lived stream from the runner (its event feed) must not hold the close.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function rawHeaders(raw: readonly string[]): string {
  const lines: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) lines.push(`${raw[i]}: ${raw[i + 1]}`);
  return lines.join('\n');
}
