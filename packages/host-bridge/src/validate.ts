import { ContentHash, ExtensionId } from '@extsys/protocol/bridge';
import { bundlePathProblem } from '@extsys/protocol';

export { bundlePathProblem };

export function extensionIdProblem(id: unknown): string | undefined {
  if (typeof id !== 'string') return 'must be a string';
  return ExtensionId.safeParse(id).success
    ? undefined
    : `"${id.slice(0, 140)}" must be a reverse-domain name such as "com.acme.hello"`;
}

export function contentHashProblem(hash: unknown): string | undefined {
  if (typeof hash !== 'string') return 'must be a string';
  return ContentHash.safeParse(hash).success
    ? undefined
    : `"${hash.slice(0, 80)}" must be "sha256:" followed by 64 lower-case hex digits`;
}

/** Constant-time string comparison (no early exit on the first differing character). */
export function sameSecret(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < b.length; i++) diff |= (a.charCodeAt(i % (a.length || 1)) || 0) ^ b.charCodeAt(i);
  return diff === 0;
}
