/** The bytes of a view as an ArrayBuffer of exactly that length (the view's own buffer when it is whole). */
export function exactBuffer(view: ArrayBufferView): ArrayBuffer {
  const { buffer, byteOffset, byteLength } = view;
  const whole = byteOffset === 0 && byteLength === buffer.byteLength && !isShared(buffer);
  return whole ? (buffer as ArrayBuffer) : new Uint8Array(buffer, byteOffset, byteLength).slice().buffer;
}

function isShared(buffer: ArrayBufferLike): boolean {
  return Object.prototype.toString.call(buffer) === '[object SharedArrayBuffer]';
}

/** Whether `value` is an ArrayBuffer, from this realm or another (the runner's, a test's). */
export function isArrayBuffer(value: unknown): value is ArrayBuffer {
  return Object.prototype.toString.call(value) === '[object ArrayBuffer]';
}
