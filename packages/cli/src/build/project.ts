import { access, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseManifest } from '@extsys/bundle';
import type { Manifest } from '@extsys/protocol';
import { CliError } from '../cli-error.js';

/**
 * An extension project laid out as `extsys create` makes it (and `examples/hello` is):
 * `manifest.json` at the root, a Vite config building `ui/` into `dist/bundle/ui`, and the handler —
 * `handler/handler.ts` (js@1, bundled by esbuild) or `handler/assembly/index.ts` +
 * `handler/asconfig.json` (wasm@1, built by the project's own `asc`) — into
 * `dist/bundle/<api.module>`.
 */
export interface Project {
  dir: string;
  manifestPath: string;
  manifest: Manifest;
  /** `<dir>/dist/bundle`: what `extsys publish` packs. */
  bundleDir: string;
  /** Undefined for an extension without an API. */
  handler: HandlerSource | undefined;
  /** Whether the manifest has a UI (then the project has a Vite config). */
  hasUi: boolean;
}

export type HandlerSource =
  | { runtime: 'js@1'; entry: string; outFile: string }
  | { runtime: 'wasm@1'; entry: string; asconfig: string; outFile: string };

export const JS_HANDLER_ENTRY = join('handler', 'handler.ts');
export const WASM_HANDLER_ENTRY = join('handler', 'assembly', 'index.ts');
export const WASM_HANDLER_CONFIG = join('handler', 'asconfig.json');

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

/**
 * Reads `<dir>/manifest.json` (validated, errors with file:line) and finds the sources it needs.
 * The bundle is built into `<dir>/dist/bundle`, or `bundleDir` (`extsys dev` builds elsewhere, so
 * that an `extsys build` or `publish` beside it never races its watcher for the same files).
 */
export async function readProject(dir: string, options: { bundleDir?: string } = {}): Promise<Project> {
  const projectDir = resolve(dir);
  const manifestPath = join(projectDir, 'manifest.json');
  let bytes: Buffer;
  try {
    bytes = await readFile(manifestPath);
  } catch {
    throw new CliError(
      'project_not_found',
      `${manifestPath} does not exist: run this in an extension project (or pass its folder), or create one with: extsys create <dir>`,
    );
  }
  const manifest = parseManifest(bytes, manifestPath);
  const bundleDir = options.bundleDir ?? join(projectDir, 'dist', 'bundle');
  return {
    dir: projectDir,
    manifestPath,
    manifest,
    bundleDir,
    handler: await handlerSource(projectDir, manifest, bundleDir),
    hasUi: manifest.ui !== undefined,
  };
}

async function handlerSource(dir: string, manifest: Manifest, bundleDir: string): Promise<HandlerSource | undefined> {
  if (!manifest.api) return undefined;
  const outFile = join(bundleDir, manifest.api.module);
  if (manifest.runtime === 'wasm@1') {
    const entry = join(dir, WASM_HANDLER_ENTRY);
    const asconfig = join(dir, WASM_HANDLER_CONFIG);
    for (const path of [entry, asconfig]) {
      if (!(await exists(path))) {
        throw new CliError(
          'handler_missing',
          `${path} does not exist: a wasm@1 project builds its handler from ${WASM_HANDLER_ENTRY} with ${WASM_HANDLER_CONFIG}`,
        );
      }
    }
    return { runtime: 'wasm@1', entry, asconfig, outFile };
  }
  const entry = join(dir, JS_HANDLER_ENTRY);
  if (!(await exists(entry))) {
    throw new CliError(
      'handler_missing',
      `${entry} does not exist: a js@1 project's handler entry is ${JS_HANDLER_ENTRY} (it exports handle)`,
    );
  }
  return { runtime: 'js@1', entry, outFile };
}
