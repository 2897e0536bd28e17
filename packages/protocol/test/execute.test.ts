import { describe, expect, it } from 'vitest';
import {
  EXECUTE_LIMITS,
  ExecuteRequest,
  ExecuteResponse,
  FRAME_MAGIC,
  MAX_FRAME_HEADER_BYTES,
  decodeFrame,
  encodeFrame,
} from '../src/index.js';
import { accepted, rejected } from './expect-parse.js';
import { executeRequest } from './fixtures.js';

describe('/v1/execute request header', () => {
  it('accepts a realistic request', () => {
    const parsed = accepted(ExecuteRequest, executeRequest());
    expect(parsed.http.query.tag).toEqual(['a', 'b']);
  });

  it.each([
    ['missing tenant', (r) => delete (r.context as Partial<ExecuteRequest['context']>).tenantId, 'context.tenantId'],
    ['bad content hash', (r) => (r.context.contentHash = 'sha256:zz'), 'context.contentHash'],
    ['unknown grant', (r) => (r.grants = ['cap:storage.kv' as 'log']), 'grants[0]'],
    ['timeout above the runner max', (r) => (r.limits.timeoutMs = EXECUTE_LIMITS.maxTimeoutMs + 1), 'limits.timeoutMs'],
    ['zero timeout', (r) => (r.limits.timeoutMs = 0), 'limits.timeoutMs'],
    ['memory above the max', (r) => (r.limits.memoryMb = 4096), 'limits.memoryMb'],
    ['path traversal', (r) => (r.http.path = '/items/%2e%2e/%2e%2e/admin'), 'http.path'],
    ['header smuggling', (r) => (r.http.headers = { accept: 'x\r\nx-admin: 1' }), 'http.headers.accept'],
    [
      'query polluted',
      (r) => (r.http.query = JSON.parse('{"__proto__":["x"]}') as Record<string, string[]>),
      'http.query',
    ],
    ['config object value', (r) => (r.config = { nested: { a: 1 } as unknown as string }), 'config.nested'],
    ['egress wildcard', (r) => (r.egress = ['*']), 'egress[0]'],
    ['route pattern', (r) => (r.route.pattern = '/items/../x'), 'route.pattern'],
    ['body in header', (r) => ((r.http as Record<string, unknown>).body_b64 = 'aGk='), 'http.body_b64'],
  ] as [string, (r: ExecuteRequest) => void, string][])('rejects %s', (_name, change, field) => {
    const request = executeRequest();
    change(request);
    rejected(ExecuteRequest, request, { field });
  });

  it('never echoes a secret value in an error', () => {
    const request = executeRequest();
    request.secrets = { apiKey: 'x'.repeat(9000) };
    const error = rejected(ExecuteRequest, request, { field: 'secrets.apiKey' });
    expect(JSON.stringify(error)).not.toContain('x'.repeat(100));
  });
});

describe('/v1/execute response header', () => {
  it('accepts a handler answer with logs', () => {
    accepted(ExecuteResponse, {
      status: 201,
      headers: { 'content-type': 'application/json', location: '/items/43' },
      logs: [{ level: 'info', message: 'created 43', atMs: 0.4 }],
      logsTruncated: false,
      durationMs: 0.9,
    });
  });
  it('rejects a bad status and unknown log levels', () => {
    const base = { status: 200, headers: {}, logs: [], logsTruncated: false, durationMs: 1 };
    rejected(ExecuteResponse, { ...base, status: 700 }, { field: 'status' });
    rejected(
      ExecuteResponse,
      { ...base, logs: [{ level: 'trace', message: 'x', atMs: 0 }] },
      { field: 'logs[0].level' },
    );
  });
});

describe('binary frame', () => {
  const header = executeRequest();
  const body = new Uint8Array([0, 1, 2, 250, 251, 255]);

  it('round-trips a header and raw body bytes', () => {
    const frame = encodeFrame(header, body);
    expect([...frame.subarray(0, 4)]).toEqual([...FRAME_MAGIC]);
    const decoded = decodeFrame(frame);
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    expect(decoded.header).toEqual(header);
    expect([...decoded.body]).toEqual([...body]);
    accepted(ExecuteRequest, decoded.header);
  });

  it('costs the body size, not 4/3 of it as base64 would', () => {
    const big = new Uint8Array(64 * 1024);
    const frame = encodeFrame(header, big);
    const headerBytes = new TextEncoder().encode(JSON.stringify(header)).byteLength;
    expect(frame.byteLength).toBe(8 + headerBytes + big.byteLength);
  });

  it('works on a view into a larger buffer', () => {
    const frame = encodeFrame({ a: 1 }, body);
    const padded = new Uint8Array(frame.byteLength + 16);
    padded.set(frame, 16);
    const decoded = decodeFrame(padded.subarray(16));
    expect(decoded.ok && [...decoded.body]).toEqual([...body]);
  });

  it.each([
    ['empty', new Uint8Array(0), /shorter than its 8-byte prefix/],
    ['wrong magic', new Uint8Array([1, 2, 3, 4, 0, 0, 0, 0]), /"EXF1"/],
    ['truncated header', new Uint8Array([0x45, 0x58, 0x46, 0x31, 0, 0, 0, 50, 123]), /declared header length/],
    ['oversize header', new Uint8Array([0x45, 0x58, 0x46, 0x31, 0xff, 0xff, 0xff, 0xff]), /limit/],
    ['invalid JSON', new Uint8Array([0x45, 0x58, 0x46, 0x31, 0, 0, 0, 1, 123]), /not valid UTF-8 JSON/],
    ['invalid UTF-8', new Uint8Array([0x45, 0x58, 0x46, 0x31, 0, 0, 0, 2, 0xc0, 0xaf]), /not valid UTF-8 JSON/],
  ])('refuses a frame that is %s, without throwing', (_name, bytes, problem) => {
    const decoded = decodeFrame(bytes);
    expect(decoded.ok).toBe(false);
    if (!decoded.ok) expect(decoded.problem).toMatch(problem);
  });

  it('refuses to encode a header over the cap', () => {
    expect(() => encodeFrame({ big: 'x'.repeat(MAX_FRAME_HEADER_BYTES) })).toThrow(/limit/);
  });
});
