import { fileURLToPath } from 'node:url';

/** The repository root, from src/ (tests) or dist/ (built) alike. */
const ROOT = new URL('../../', import.meta.url);

export function repoPath(relative: string): string {
  return fileURLToPath(new URL(relative, ROOT));
}
