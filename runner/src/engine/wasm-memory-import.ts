/** A wasm binary that cannot be read as far as its import section: `reason` says where it breaks. */
export class WasmBinaryError extends Error {}

/** The memory a module imports, as its binary declares it (JS's `Module.imports()` does not say). */
export interface MemoryImport {
  minPages: number;
  maxPages: number | undefined;
  memory64: boolean;
  shared: boolean;
  /** Where the minimum's LEB128 bytes are, so a tool can rewrite them in place. */
  minOffset: number;
  minLength: number;
}

/** Reads the binary's import section up to its memory import; undefined when it imports no memory. */
export function findMemoryImport(bytes: Uint8Array): MemoryImport | undefined {
  let offset = 8; // magic + version
  const byte = () => {
    if (offset >= bytes.length) throw new WasmBinaryError('the binary ends inside a section');
    return bytes[offset++]!;
  };
  const leb = () => {
    let result = 0;
    for (let shift = 0; ; shift += 7) {
      if (shift > 63) throw new WasmBinaryError('a LEB128 number is too long');
      const b = byte();
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
    }
  };
  const skipName = () => {
    const length = leb(); // read first: `offset += leb()` would add to the offset before the LEB
    offset += length;
  };
  while (offset < bytes.length) {
    const id = byte();
    const size = leb();
    const end = offset + size;
    if (id !== 2) {
      offset = end;
      continue;
    }
    for (let count = leb(), i = 0; i < count; i++) {
      skipName(); // module
      skipName(); // field
      const kind = byte();
      if (kind === 0)
        leb(); // function: type index
      else if (kind === 1) {
        byte(); // table: element type, then limits
        const flags = byte();
        leb();
        if (flags & 1) leb();
      } else if (kind === 2) {
        const flags = byte();
        const minOffset = offset;
        const minPages = leb();
        const minLength = offset - minOffset;
        const maxPages = flags & 1 ? leb() : undefined;
        return { minPages, maxPages, memory64: (flags & 4) !== 0, shared: (flags & 2) !== 0, minOffset, minLength };
      } else if (kind === 3) {
        byte(); // global: value type, mutability
        byte();
      } else throw new WasmBinaryError(`unknown import kind ${kind}`);
    }
    offset = end;
  }
  return undefined;
}
