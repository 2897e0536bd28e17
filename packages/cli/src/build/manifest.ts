import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { isBundleError, parseManifest } from '@extsys/bundle';
import { readFile } from 'node:fs/promises';
import type { Manifest } from '@extsys/protocol';
import { BuildFailure } from './build-failure.js';
import type { Project } from './project.js';

/**
 * Validates `manifest.json` again (it may have changed since the project was read) and copies it
 * to the bundle's root, byte for byte (its content hash is the one `extsys-bundle pack` gives).
 */
export async function buildManifest(project: Project): Promise<Manifest> {
  let manifest: Manifest;
  try {
    manifest = parseManifest(await readFile(project.manifestPath), project.manifestPath);
  } catch (error) {
    if (isBundleError(error)) throw new BuildFailure('manifest', undefined, error.message);
    throw error;
  }
  await mkdir(project.bundleDir, { recursive: true });
  await copyFile(project.manifestPath, join(project.bundleDir, 'manifest.json'));
  return manifest;
}
