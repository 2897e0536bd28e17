// Calls POST /v1/execute the way the gateway does: a framed ExecuteRequest with the service token.
import {
  EXECUTE_FRAME_CONTENT_TYPE,
  decodeFrame,
  encodeFrame,
  type Capability,
  type ContentHash,
  type ExecuteRequest,
  type ExecuteResponse,
} from '@extsys/protocol';

export const SERVICE_TOKEN = 'test-service-token-0123456789abcdef';
/** The scraper's secret every test runner is started with (support/runner.ts). */
export const METRICS_TOKEN = 'test-metrics-token-0123456789abcdefgh';
export const metricsAuth = { authorization: `Bearer ${METRICS_TOKEN}` };

export interface Call {
  contentHash: ContentHash;
  extensionId?: string;
  method?: ExecuteRequest['http']['method'];
  path: string;
  pattern?: string;
  params?: Record<string, string>;
  handler?: string;
  query?: Record<string, string[]>;
  headers?: Record<string, string>;
  body?: Uint8Array | string;
  tenantId?: string;
  grants?: Capability[];
  egress?: string[];
  config?: Record<string, string | number | boolean>;
  secrets?: Record<string, string>;
  user?: ExecuteRequest['user'];
  timeoutMs?: number;
  memoryMb?: number;
  requestId?: string;
  /** HTTP-level extras. */
  token?: string | null;
  idempotencyKey?: string;
  contentType?: string;
  rawBody?: Uint8Array;
}

export interface CallResult {
  status: number;
  headers: Headers;
  /** Present when the runner answered a frame (the handler ran). */
  response?: ExecuteResponse;
  body: Uint8Array;
  /** Present when the runner refused (`{error}` JSON). */
  error?: { code: string; message: string; retriable: boolean; details?: Record<string, unknown> };
  raw: Uint8Array;
}

export function executeRequest(call: Call): ExecuteRequest {
  return {
    context: {
      requestId: call.requestId ?? `req_${Math.random().toString(36).slice(2)}`,
      tenantId: call.tenantId ?? 'tenant-a',
      extensionId: call.extensionId ?? 'com.acme.realistic',
      installId: 'inst_1',
      contentHash: call.contentHash,
      version: '1.0.0',
    },
    route: { handler: call.handler ?? 'h', pattern: call.pattern ?? call.path, params: call.params ?? {} },
    http: { method: call.method ?? 'GET', path: call.path, query: call.query ?? {}, headers: call.headers ?? {} },
    limits: { timeoutMs: call.timeoutMs ?? 5000, ...(call.memoryMb ? { memoryMb: call.memoryMb } : {}) },
    grants: call.grants ?? ['log', 'storage.kv', 'secrets.read', 'http.fetch', 'user.read'],
    egress: call.egress ?? [],
    config: call.config ?? {},
    secrets: call.secrets ?? {},
    ...(call.user ? { user: call.user } : {}),
  };
}

export async function execute(baseUrl: string, call: Call): Promise<CallResult> {
  const body = typeof call.body === 'string' ? new TextEncoder().encode(call.body) : (call.body ?? new Uint8Array());
  const headers: Record<string, string> = { 'content-type': call.contentType ?? EXECUTE_FRAME_CONTENT_TYPE };
  if (call.token !== null) headers.authorization = `Bearer ${call.token ?? SERVICE_TOKEN}`;
  if (call.idempotencyKey) headers['idempotency-key'] = call.idempotencyKey;
  const res = await fetch(`${baseUrl}/v1/execute`, {
    method: 'POST',
    headers,
    body: Uint8Array.from(call.rawBody ?? encodeFrame(executeRequest(call), body)),
  });
  const raw = new Uint8Array(await res.arrayBuffer());
  if (res.headers.get('content-type') === EXECUTE_FRAME_CONTENT_TYPE) {
    const frame = decodeFrame(raw);
    if (!frame.ok) throw new Error(frame.problem);
    return {
      status: res.status,
      headers: res.headers,
      response: frame.header as ExecuteResponse,
      body: frame.body,
      raw,
    };
  }
  const parsed = JSON.parse(new TextDecoder().decode(raw)) as { error: CallResult['error'] };
  return { status: res.status, headers: res.headers, body: new Uint8Array(), error: parsed.error, raw };
}

export const text = (result: CallResult) => new TextDecoder().decode(result.body);
export const json = <T = Record<string, unknown>>(result: CallResult) => JSON.parse(text(result)) as T;
