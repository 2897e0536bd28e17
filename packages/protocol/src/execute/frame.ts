/**
 * The binary framing of `/v1/execute` bodies (content type `EXECUTE_FRAME_CONTENT_TYPE`):
 *
 *   magic "EXF1" (4 bytes) | header length (uint32, big-endian) | header (UTF-8 JSON) | body bytes
 *
 * Bodies travel as raw bytes so the hot path never base64-encodes (+33 % size, and an encode and a
 * decode pass per hop); the header is small JSON validated with `ExecuteRequest`/`ExecuteResponse`.
 * Uses only TextEncoder/TextDecoder and typed arrays, so it runs in Node, browsers and workers.
 */
export const EXECUTE_FRAME_CONTENT_TYPE = 'application/vnd.extsys.frame';
export const FRAME_MAGIC = new Uint8Array([0x45, 0x58, 0x46, 0x31]); // "EXF1"
const PREFIX_BYTES = 8;
/** A header larger than this is refused before any JSON parsing. */
export const MAX_FRAME_HEADER_BYTES = 256 * 1024;

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

export function encodeFrame(header: unknown, body: Uint8Array = new Uint8Array(0)): Uint8Array {
  const json = encoder.encode(JSON.stringify(header));
  if (json.byteLength > MAX_FRAME_HEADER_BYTES) {
    throw new RangeError(`frame header is ${json.byteLength} bytes; the limit is ${MAX_FRAME_HEADER_BYTES}`);
  }
  const frame = new Uint8Array(PREFIX_BYTES + json.byteLength + body.byteLength);
  frame.set(FRAME_MAGIC, 0);
  new DataView(frame.buffer).setUint32(4, json.byteLength, false);
  frame.set(json, PREFIX_BYTES);
  frame.set(body, PREFIX_BYTES + json.byteLength);
  return frame;
}

export type DecodedFrame = { ok: true; header: unknown; body: Uint8Array } | { ok: false; problem: string };

/** Splits a frame; the header still has to be validated with its schema. Never throws. */
/** A frame's header bytes (not yet parsed) and body, or why the bytes are not a frame. */
export function splitFrame(
  frame: Uint8Array,
): { ok: true; headerBytes: Uint8Array; body: Uint8Array } | { ok: false; problem: string } {
  if (frame.byteLength < PREFIX_BYTES) return { ok: false, problem: 'frame is shorter than its 8-byte prefix' };
  for (let i = 0; i < FRAME_MAGIC.length; i++) {
    if (frame[i] !== FRAME_MAGIC[i]) return { ok: false, problem: 'frame does not start with "EXF1"' };
  }
  const headerLength = new DataView(frame.buffer, frame.byteOffset, frame.byteLength).getUint32(4, false);
  if (headerLength > MAX_FRAME_HEADER_BYTES) {
    return { ok: false, problem: `frame header is ${headerLength} bytes; the limit is ${MAX_FRAME_HEADER_BYTES}` };
  }
  if (PREFIX_BYTES + headerLength > frame.byteLength) {
    return { ok: false, problem: 'frame is shorter than its declared header length' };
  }
  return {
    ok: true,
    headerBytes: frame.subarray(PREFIX_BYTES, PREFIX_BYTES + headerLength),
    body: frame.subarray(PREFIX_BYTES + headerLength),
  };
}

export function decodeFrame(frame: Uint8Array): DecodedFrame {
  const parts = splitFrame(frame);
  if (!parts.ok) return parts;
  let header: unknown;
  try {
    header = JSON.parse(decoder.decode(parts.headerBytes));
  } catch {
    return { ok: false, problem: 'frame header is not valid UTF-8 JSON' };
  }
  return { ok: true, header, body: parts.body };
}
