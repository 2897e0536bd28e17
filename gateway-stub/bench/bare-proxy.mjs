// The floor of a proxy hop, for the gateway benchmark (--floor): a bare Node HTTP server that passes
// each request's body to the runner with undici (the same pooled client settings as the gateway)
// and answers the runner's bytes. No routing framework, no checks, no logging, no framing work.
import { createServer } from 'node:http';
import { Pool } from 'undici';

const runner = new Pool(process.env.RUNNER_URL, { connections: 64, pipelining: 1, keepAliveTimeout: 30_000 });
createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    const parts = [];
    let status = 502;
    let type = 'text/plain';
    runner.dispatch(
      {
        path: '/v1/execute',
        method: 'POST',
        headers: { 'content-type': req.headers['content-type'], authorization: req.headers.authorization },
        body: Buffer.concat(chunks),
      },
      {
        onRequestStart() {},
        onResponseStart(_c, statusCode, headers) {
          status = statusCode;
          type = headers['content-type'];
        },
        onResponseData(_c, chunk) {
          parts.push(chunk);
        },
        onResponseEnd() {
          const body = Buffer.concat(parts);
          res.writeHead(status, { 'content-type': type, 'content-length': body.length });
          res.end(body);
        },
        onResponseError() {
          res.writeHead(502).end();
        },
      },
    );
  });
}).listen(Number(process.env.PORT), '127.0.0.1');
