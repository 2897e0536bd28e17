import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CliError } from '../cli-error.js';

/**
 * The extsys checkout this CLI runs from. Until the packages are on the npm registry, `create`
 * takes them (packed) from here, and the new project runs this very CLI (a `file:` link to
 * `cliDir`), whose `dev` starts this checkout's runner and gateway.
 */
export interface Checkout {
  /** The repository's root. */
  root: string;
  /** `packages/cli`: the package the project links as its `@extsys/cli`. */
  cliDir: string;
  /** `packages/cli/templates`: the files a project is made of. */
  templatesDir: string;
}

export async function locateCheckout(): Promise<Checkout> {
  // This file is <checkout>/packages/cli/dist/create/checkout.js once built.
  const cliDir = fileURLToPath(new URL('../../', import.meta.url));
  const root = join(cliDir, '..', '..');
  try {
    await access(join(root, 'packages', 'protocol', 'package.json'));
  } catch {
    throw new CliError(
      'checkout_not_found',
      `this extsys CLI does not run from an extsys checkout (no packages/protocol beside ${cliDir}): ` +
        'until the packages are on the npm registry, run create from a built checkout: npm ci && npm run build there, then node <checkout>/packages/cli/bin/extsys.js create <dir>',
    );
  }
  return { root, cliDir: cliDir.replace(/[\\/]$/, ''), templatesDir: join(cliDir, 'templates') };
}
