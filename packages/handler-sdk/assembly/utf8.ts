/**
 * Decodes UTF-8 like the WHATWG Encoding standard (and JS's TextDecoder): each maximal invalid
 * subpart becomes one U+FFFD. (AssemblyScript's String.UTF8.decode turns invalid input into lone
 * surrogates instead.)
 */
export function decodeUtf8(ptr: usize, len: usize): string {
  if (len == 0) return '';
  const out = new Uint16Array(<i32>len); // never more UTF-16 units than bytes
  let n = 0;
  let i: usize = 0;
  while (i < len) {
    const b0 = <u32>load<u8>(ptr + i);
    if (b0 < 0x80) {
      out[n++] = <u16>b0;
      i++;
      continue;
    }
    let need: usize = 0;
    let cp: u32 = 0;
    let lower: u32 = 0x80;
    let upper: u32 = 0xbf;
    if (b0 >= 0xc2 && b0 <= 0xdf) {
      need = 1;
      cp = b0 & 0x1f;
    } else if (b0 >= 0xe0 && b0 <= 0xef) {
      need = 2;
      cp = b0 & 0x0f;
      if (b0 == 0xe0) lower = 0xa0;
      if (b0 == 0xed) upper = 0x9f;
    } else if (b0 >= 0xf0 && b0 <= 0xf4) {
      need = 3;
      cp = b0 & 0x07;
      if (b0 == 0xf0) lower = 0x90;
      if (b0 == 0xf4) upper = 0x8f;
    } else {
      out[n++] = 0xfffd;
      i++;
      continue;
    }
    let j: usize = 1;
    let valid = true;
    for (; j <= need; j++) {
      if (i + j >= len) {
        valid = false;
        break;
      }
      const b = <u32>load<u8>(ptr + i + j);
      const lo = j == 1 ? lower : 0x80;
      const hi = j == 1 ? upper : 0xbf;
      if (b < lo || b > hi) {
        valid = false;
        break;
      }
      cp = (cp << 6) | (b & 0x3f);
    }
    if (!valid) {
      out[n++] = 0xfffd;
      i += j; // the lead byte and the continuation bytes that were valid
      continue;
    }
    i += need + 1;
    if (cp >= 0x10000) {
      cp -= 0x10000;
      out[n++] = <u16>(0xd800 + (cp >> 10));
      out[n++] = <u16>(0xdc00 + (cp & 0x3ff));
    } else {
      out[n++] = <u16>cp;
    }
  }
  return String.UTF16.decodeUnsafe(out.dataStart, (<usize>n) << 1);
}
