import { readdir, stat } from 'node:fs/promises';
import { relative, isAbsolute } from 'node:path';
import { CliError } from '../cli-error.js';

/** Whether `dir` is `parent` or inside it. */
function isInside(dir: string, parent: string): boolean {
  const path = relative(parent, dir);
  return path === '' || (!path.startsWith('..') && !isAbsolute(path));
}

/**
 * Refuses a target the project cannot be created in, before anything is written: inside the
 * extsys checkout (the repository's workspaces, lint and tests would pick the project up, and
 * its installs would resolve the checkout's node_modules instead of its own), a file, or a
 * folder that already holds something (create never overwrites). Answers whether the folder
 * already exists (empty), so a failed create removes only what it made.
 */
export async function checkTargetDir(targetDir: string, checkoutRoot: string): Promise<{ exists: boolean }> {
  if (isInside(targetDir, checkoutRoot)) {
    throw new CliError(
      'target_inside_checkout',
      `${targetDir} is inside the extsys checkout ${checkoutRoot}: create the project outside it, e.g. "extsys create ../my-ext"`,
    );
  }
  let entries: string[];
  try {
    if (!(await stat(targetDir)).isDirectory()) {
      throw new CliError('target_not_directory', `${targetDir} is a file: choose a new folder name`);
    }
    entries = await readdir(targetDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { exists: false };
    throw error;
  }
  if (entries.length > 0) {
    const shown = entries.slice(0, 3).join(', ') + (entries.length > 3 ? ', …' : '');
    throw new CliError(
      'target_not_empty',
      `${targetDir} is not empty (${shown}): create never overwrites; choose a new folder or empty this one`,
    );
  }
  return { exists: true };
}
