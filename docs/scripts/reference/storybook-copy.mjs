import { execFileSync } from 'node:child_process';
import { cp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { repoRoot } from './built-module.mjs';

/**
 * Puts the UI kit's Storybook (its live, accessible component reference) under the site at
 * `/storybook/`, building it first when the checkout has no build of it.
 */
export async function copyStorybook(publicDir) {
  const built = `${repoRoot}storybook/storybook-static`;
  if (!existsSync(`${built}/index.html`)) {
    execFileSync('npm', ['run', 'build', '-w', 'storybook'], { cwd: repoRoot, stdio: 'inherit' });
  }
  await rm(`${publicDir}/storybook`, { recursive: true, force: true });
  await cp(built, `${publicDir}/storybook`, { recursive: true });
}
