import type { Manifest } from './manifest.js';

/** The title a host gives an extension's iframe and menu entry. */
export function manifestTitle(manifest: Pick<Manifest, 'name' | 'displayName'>): string {
  return manifest.displayName ?? manifest.name;
}
