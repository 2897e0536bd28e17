// The "EXF1" frame: magic "EXF1" | header length (u32, big-endian) | UTF-8 JSON header | body bytes.
// Same layout as @extsys/protocol's execute/frame.ts.

export const FRAME_PREFIX_BYTES: usize = 8;
/** Largest header accepted, as in @extsys/protocol (MAX_FRAME_HEADER_BYTES). */
export const MAX_FRAME_HEADER_BYTES: u32 = 256 * 1024;

export class DecodedFrame {
  constructor(
    public header: string,
    public body: Uint8Array,
  ) {}
}

function readU32BE(ptr: usize): u32 {
  return (
    ((<u32>load<u8>(ptr)) << 24) |
    ((<u32>load<u8>(ptr + 1)) << 16) |
    ((<u32>load<u8>(ptr + 2)) << 8) |
    (<u32>load<u8>(ptr + 3))
  );
}

/** Why the `len` bytes at `ptr` are not a frame, or null. */
export function frameProblem(ptr: usize, len: usize): string | null {
  if (len < FRAME_PREFIX_BYTES) return 'frame is shorter than its 8-byte prefix';
  if (load<u8>(ptr) != 0x45 || load<u8>(ptr + 1) != 0x58 || load<u8>(ptr + 2) != 0x46 || load<u8>(ptr + 3) != 0x31) {
    return 'frame does not start with "EXF1"';
  }
  const headerBytes = readU32BE(ptr + 4);
  if (headerBytes > MAX_FRAME_HEADER_BYTES) return 'frame header is over the limit';
  if (FRAME_PREFIX_BYTES + <usize>headerBytes > len) return 'frame is shorter than its declared header length';
  return null;
}

/** Splits a frame (check it with `frameProblem` first); header and body are copied out. */
export function decodeFrame(ptr: usize, len: usize): DecodedFrame {
  const headerBytes = <usize>readU32BE(ptr + 4);
  const header = String.UTF8.decodeUnsafe(ptr + FRAME_PREFIX_BYTES, headerBytes);
  const bodyLen = len - FRAME_PREFIX_BYTES - headerBytes;
  const body = new Uint8Array(<i32>bodyLen);
  memory.copy(body.dataStart, ptr + FRAME_PREFIX_BYTES + headerBytes, bodyLen);
  return new DecodedFrame(header, body);
}

/**
 * Writes a frame into a fresh unmanaged buffer (`heap.alloc`, freed by `dealloc`) and returns
 * (ptr << 32) | length, the value `handle` answers.
 */
export function encodeFrame(header: string, body: Uint8Array): i64 {
  const headerBuf = String.UTF8.encode(header);
  const headerLen = <usize>headerBuf.byteLength;
  const total = FRAME_PREFIX_BYTES + headerLen + <usize>body.byteLength;
  const ptr = heap.alloc(total);
  store<u8>(ptr, 0x45);
  store<u8>(ptr + 1, 0x58);
  store<u8>(ptr + 2, 0x46);
  store<u8>(ptr + 3, 0x31);
  store<u8>(ptr + 4, <u8>(headerLen >>> 24));
  store<u8>(ptr + 5, <u8>(headerLen >>> 16));
  store<u8>(ptr + 6, <u8>(headerLen >>> 8));
  store<u8>(ptr + 7, <u8>headerLen);
  memory.copy(ptr + FRAME_PREFIX_BYTES, changetype<usize>(headerBuf), headerLen);
  memory.copy(ptr + FRAME_PREFIX_BYTES + headerLen, body.dataStart, <usize>body.byteLength);
  return ((<i64>ptr) << 32) | (<i64>total);
}
