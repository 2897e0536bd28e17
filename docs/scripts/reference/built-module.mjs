import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * Imports a compiled module of the repository (`runner/dist/config.js`). The references are
 * generated from the code that runs, so they read the build output, not the sources.
 */
export async function importBuilt(pathFromRoot) {
  const file = `${repoRoot}${pathFromRoot}`;
  if (!existsSync(file)) {
    throw new Error(`${pathFromRoot} is missing: run "npm run build" at the repository root first`);
  }
  return import(pathToFileURL(file).href);
}

export { repoRoot };
