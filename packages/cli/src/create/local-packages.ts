// The extsys packages a new project imports, until they are on the npm registry: packed from the
// checkout with `npm pack` into <project>/vendor/extsys/ and referenced as `file:` tarballs. A
// tarball (not a `file:` link to the checkout's folder) because it installs like the published
// package will: its own dependencies from the registry, its `files` only, no checkout
// node_modules leaking into the project's resolution.
import { execFile } from 'node:child_process';
import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CliError } from '../cli-error.js';
import type { Checkout } from './checkout.js';

const run = promisify(execFile);

/** Where the tarballs go in the project, relative to its root. */
export const VENDOR_DIR = 'vendor/extsys';

export interface LocalPackage {
  name: string;
  /** The package's folder in the checkout. */
  dir: string;
}

/** `@extsys/ext-sdk` → `<checkout>/packages/ext-sdk`. */
function folderOf(checkout: Checkout, name: string): string {
  return join(checkout.root, 'packages', name.replace(/^@extsys\//, ''));
}

/**
 * Finds each package in the checkout and refuses one that is not built: a package whose `files`
 * ship `dist` must have it, or the tarball would install a package without its code.
 */
export async function findLocalPackages(checkout: Checkout, names: readonly string[]): Promise<LocalPackage[]> {
  const found: LocalPackage[] = [];
  for (const name of names) {
    const dir = folderOf(checkout, name);
    let manifest: { name?: string; files?: string[] };
    try {
      manifest = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as typeof manifest;
    } catch {
      throw new CliError('package_not_found', `${name} is not in the checkout (no ${join(dir, 'package.json')})`);
    }
    if (manifest.name !== name) {
      throw new CliError(
        'package_not_found',
        `${join(dir, 'package.json')} is ${manifest.name ?? 'unnamed'}, not ${name}`,
      );
    }
    if (manifest.files?.includes('dist')) {
      await access(join(dir, 'dist')).catch(() => {
        throw new CliError(
          'not_built',
          `${name} is not built (no ${join(dir, 'dist')}): run "npm run build" in the extsys checkout ${checkout.root}, then create again`,
        );
      });
    }
    found.push({ name, dir });
  }
  return found;
}

/** Packs the packages into `destination` in one `npm pack`; answers each package's tarball file name. */
export async function packLocalPackages(
  packages: readonly LocalPackage[],
  destination: string,
): Promise<Map<string, string>> {
  let stdout: string;
  try {
    ({ stdout } = await run(
      'npm',
      ['pack', '--json', '--pack-destination', destination, ...packages.map((p) => p.dir)],
      // npm is npm.cmd on Windows, which only a shell runs.
      { maxBuffer: 16 * 1024 * 1024, shell: process.platform === 'win32' },
    ));
  } catch (error) {
    const { stderr, message } = error as { stderr?: string; message: string };
    throw new CliError('pack_failed', `npm pack of the extsys packages failed: ${(stderr || message).trim()}`);
  }
  const packed = JSON.parse(stdout) as { name: string; filename: string }[];
  const tarballs = new Map(packed.map((entry) => [entry.name, entry.filename.replace(/^.*[\\/]/, '')]));
  for (const { name } of packages) {
    if (!tarballs.has(name)) throw new CliError('pack_failed', `npm pack did not report a tarball for ${name}`);
  }
  return tarballs;
}
