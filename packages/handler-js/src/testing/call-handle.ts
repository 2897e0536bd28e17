// Calls a module's `handle(request, body)` exactly as the js@1 runtime does: the HandlerRequest
// JSON (runner ABI v1) and the body's bytes in, the answer's header JSON and body out, decoded.
import { TextDecoder, TextEncoder } from 'node:util';
import type { HandlerRequest } from '@extsys/protocol/execute';
import type { ModuleAnswer } from '../answer.js';

export type HandleFunction = (request: string, body: ArrayBuffer) => ModuleAnswer | Promise<ModuleAnswer>;

export interface TestCall {
  /** The manifest handler name (the contract endpoint's name). */
  handler: string;
  method?: HandlerRequest['http']['method'];
  /** The API path, e.g. `/items/7?x=1` (default: `pattern` with the params filled in). */
  path?: string;
  /** The manifest pattern, e.g. `/items/:id` (default: `path`). */
  pattern?: string;
  params?: Record<string, string>;
  query?: Record<string, string[]>;
  headers?: Record<string, string>;
  /** A value is sent as JSON; a string as UTF-8; bytes as they are. */
  body?: unknown;
  grants?: HandlerRequest['grants'];
  config?: HandlerRequest['config'];
  requestId?: string;
}

export interface TestAnswer {
  status: number;
  headers: Record<string, string>;
  bytes: Uint8Array;
  text: string;
  /** The body parsed as JSON (undefined when empty or not JSON). */
  json: unknown;
}

/** The HandlerRequest JSON the runner would send for `call`. */
export function handlerRequestJson(call: TestCall): string {
  const pattern = call.pattern ?? call.path ?? '/';
  const params = call.params ?? {};
  const path =
    call.path ?? pattern.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));
  const request: HandlerRequest = {
    abi: 1,
    context: {
      requestId: call.requestId ?? 'req-test-1',
      tenantId: 'tenant-test',
      extensionId: 'com.example.test',
      installId: 'install-test',
      version: '1.0.0',
    },
    route: { handler: call.handler, pattern, params },
    http: { method: call.method ?? 'GET', path, query: call.query ?? {}, headers: call.headers ?? {} },
    config: call.config ?? {},
    grants: call.grants ?? ['log', 'storage.kv', 'secrets.read', 'http.fetch', 'user.read'],
  };
  return JSON.stringify(request);
}

function bodyBytes(body: unknown): ArrayBuffer {
  if (body === undefined) return new ArrayBuffer(0);
  if (body instanceof Uint8Array) return body.slice().buffer;
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return new TextEncoder().encode(text).slice().buffer;
}

/** Runs `handle` for `call` and decodes its answer. */
export async function callHandle(handle: HandleFunction, call: TestCall): Promise<TestAnswer> {
  const answer = await handle(handlerRequestJson(call), bodyBytes(call.body));
  const { status, headers } = JSON.parse(answer.header) as { status: number; headers: Record<string, string> };
  const bytes =
    answer.body === undefined
      ? new Uint8Array(0)
      : typeof answer.body === 'string'
        ? new TextEncoder().encode(answer.body)
        : new Uint8Array(answer.body);
  const text = new TextDecoder().decode(bytes);
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status, headers, bytes, text, json };
}
