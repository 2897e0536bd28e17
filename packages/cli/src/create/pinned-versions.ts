import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { CliError } from '../cli-error.js';
import type { Checkout } from './checkout.js';

type VersionOf = (name: string) => string;

/**
 * Where the exact versions of a new project's third-party dependencies are read, first hit wins:
 * the example extensions (the same kind of project), then the repository's root, then every
 * package. Read at create time so that the versions the checkout is tested with are the only
 * place they are written (bump them there, and new projects follow).
 */
async function manifestsInOrder(root: string): Promise<string[]> {
  const inFolder = async (folder: string) => {
    const names = await readdir(join(root, folder)).catch(() => [] as string[]);
    return names.sort().map((name) => join(root, folder, name, 'package.json'));
  };
  return [
    join(root, 'examples', 'hello', 'package.json'),
    join(root, 'examples', 'records', 'package.json'),
    join(root, 'package.json'),
    ...(await inFolder('packages')),
    ...(await inFolder('examples')),
  ];
}

/** A function answering the exact version the checkout pins `name` at, or a `version_unknown` error. */
export async function pinnedVersions(checkout: Checkout): Promise<VersionOf> {
  const versions = new Map<string, string>();
  for (const path of await manifestsInOrder(checkout.root)) {
    let manifest: { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
    try {
      manifest = JSON.parse(await readFile(path, 'utf8')) as typeof manifest;
    } catch {
      continue; // a folder without a package.json (or not a package at all)
    }
    for (const [name, version] of Object.entries({ ...manifest.devDependencies, ...manifest.dependencies })) {
      // Exact versions only: a range or a workspace link says nothing about what to pin.
      if (!versions.has(name) && /^\d+\.\d+\.\d+(?:-[\w.]+)?$/.test(version)) versions.set(name, version);
    }
  }
  return (name) => {
    const version = versions.get(name);
    if (version === undefined) {
      throw new CliError(
        'version_unknown',
        `no package.json of the checkout ${checkout.root} pins ${name}, which the template needs: add it with "npm i -E" to the example or package that uses it`,
      );
    }
    return version;
  };
}
