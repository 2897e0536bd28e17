import type { ErrorEnvelope } from '@extsys/protocol/errors';
import { exactBuffer, isArrayBuffer } from './bytes.js';

// What an implementation answers: plain data (a 200 JSON answer; `undefined`: 204 without a body)
// or a `Reply` built with the helpers below when the status, headers or body kind matter.

/** What `handle` gives the runner (js-abi-v1): the HandlerResponse JSON and the body. */
export interface ModuleAnswer {
  header: string;
  body?: string | ArrayBuffer;
}

const REPLY = Symbol('extsys.reply');
declare const replyType: unique symbol;

/** An answer with its status and headers; `T` is the value the UI's typed client receives. */
export interface Reply<T = unknown> {
  readonly [REPLY]: true;
  readonly status: number;
  /** Lower-case names. The runner and the gateway pass on allow-listed headers only. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | ArrayBuffer | undefined;
  /** Type only: keeps `text()` from answering an endpoint whose contract says JSON object. */
  readonly [replyType]?: T;
}

export interface ReplyInit {
  /** 200–599 (default 200). */
  status?: number;
  headers?: Readonly<Record<string, string>>;
}

const JSON_TYPE = 'application/json; charset=utf-8';

function reply<T>(
  body: string | ArrayBuffer | undefined,
  contentType: string | undefined,
  init: ReplyInit = {},
): Reply<T> {
  const status = init.status ?? 200;
  if (!Number.isInteger(status) || status < 200 || status > 599) {
    // An author's mistake: thrown, it becomes a 500 whose reason is in the log.
    throw new RangeError(`an answer's status must be an integer from 200 to 599, not ${String(status)}`);
  }
  const headers: Record<string, string> = {};
  if (contentType !== undefined) headers['content-type'] = contentType;
  for (const [name, value] of Object.entries(init.headers ?? {})) headers[name.toLowerCase()] = value;
  return { [REPLY]: true, status, headers, body };
}

/** `data` as JSON (what returning `data` does, with a status or headers: `json(note, {status: 201})`). */
export function json<T>(data: T, init?: ReplyInit): Reply<T> {
  return data === undefined
    ? reply<T>(undefined, undefined, { status: 204, ...init })
    : reply<T>(JSON.stringify(data), JSON_TYPE, init);
}

/** Plain text (`text/plain; charset=utf-8` unless `headers` say otherwise); the typed client receives a string. */
export function text(body: string, init?: ReplyInit): Reply<string> {
  return reply(body, 'text/plain; charset=utf-8', init);
}

/** Raw bytes (default `application/octet-stream`); call such an endpoint from the UI with `api.fetch`. */
export function bytes(
  body: ArrayBuffer | ArrayBufferView,
  init?: ReplyInit & { contentType?: string },
): Reply<ArrayBuffer> {
  const buffer = isArrayBuffer(body) ? body : exactBuffer(body);
  return reply(buffer, init?.contentType ?? 'application/octet-stream', init);
}

/** No body (default 204). */
export function empty(status = 204, init?: Omit<ReplyInit, 'status'>): Reply<undefined> {
  return reply(undefined, undefined, { ...init, status });
}

export function isReply(value: unknown): value is Reply {
  return typeof value === 'object' && value !== null && REPLY in value;
}

/** An implementation's result as the runner's answer. */
export function toModuleAnswer(result: unknown): ModuleAnswer {
  const answer = isReply(result) ? result : json(result);
  const header = JSON.stringify({ status: answer.status, headers: answer.headers });
  return answer.body === undefined ? { header } : { header, body: answer.body };
}

/** The system's error answer: `{error: envelope}` with the envelope's status. */
export function errorAnswer(envelope: ErrorEnvelope): ModuleAnswer {
  return toModuleAnswer(json({ error: envelope }, { status: envelope.status ?? 500 }));
}
