import { fileURLToPath } from 'node:url';

/** The repository root: this file is demo/dist/repo.js (or demo/src/repo.ts under vitest). */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** An absolute path inside the repository. */
export function repoPath(relative: string): string {
  return `${ROOT}${relative}`;
}
