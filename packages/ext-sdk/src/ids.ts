/** A random request id (letters and digits, 128 bits) from the platform's CSPRNG. */
export function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  let out = 'ext-';
  for (const byte of bytes) out += byte.toString(16).padStart(2, '0');
  return out;
}
