#!/usr/bin/env node
// How /v1/execute bodies should travel: the binary frame (JSON header + raw bytes) against the
// reference's JSON with a base64 body, for the work one hop does (encode on one side, decode and
// validate-free parse on the other). Both are measured in the same run; the ratio is what counts.
// Usage: npm run bench:frame -w @extsys/protocol   (build the package first: npm run build)
import { decodeFrame, encodeFrame } from '@extsys/protocol/execute';

const header = {
  context: { requestId: 'req_01HZX3', tenantId: 'tenant-a', extensionId: 'com.acme.hello', installId: 'inst_7Qx2' },
  http: { method: 'POST', path: '/items', query: {}, headers: { 'content-type': 'application/json' } },
  limits: { timeoutMs: 5000 },
};

function viaFrame(body) {
  const wire = encodeFrame(header, body);
  const decoded = decodeFrame(wire);
  if (!decoded.ok) throw new Error(decoded.problem);
  return [wire.byteLength, decoded.body.byteLength];
}

function viaBase64(body) {
  const wire = Buffer.from(JSON.stringify({ ...header, body_b64: Buffer.from(body).toString('base64') }));
  const parsed = JSON.parse(wire.toString('utf8'));
  const bytes = Buffer.from(parsed.body_b64, 'base64');
  return [wire.byteLength, bytes.byteLength];
}

function measure(fn, body) {
  const iterations = Math.max(50, Math.round(20_000_000 / (body.byteLength + 2_000)));
  for (let i = 0; i < iterations / 5; i++) fn(body); // warm up
  const start = process.hrtime.bigint();
  let wireBytes = 0;
  for (let i = 0; i < iterations; i++) wireBytes = fn(body)[0];
  const perCallUs = Number(process.hrtime.bigint() - start) / 1000 / iterations;
  return { perCallUs, wireBytes };
}

console.log('body size | frame µs/hop | base64 µs/hop | base64 / frame time | frame wire bytes | base64 wire bytes');
for (const size of [0, 1024, 16 * 1024, 256 * 1024, 1024 * 1024]) {
  const body = new Uint8Array(size).map((_, i) => (i * 31) & 0xff);
  const frame = measure(viaFrame, body);
  const b64 = measure(viaBase64, body);
  console.log(
    `${String(size).padStart(9)} | ${frame.perCallUs.toFixed(1).padStart(12)} | ${b64.perCallUs.toFixed(1).padStart(13)} | ` +
      `${(b64.perCallUs / frame.perCallUs).toFixed(2).padStart(19)} | ${String(frame.wireBytes).padStart(16)} | ${String(b64.wireBytes).padStart(17)}`,
  );
}
