import { rm } from 'node:fs/promises';
import { buildProjectHandler } from './handler.js';
import { buildManifest } from './manifest.js';
import type { Project } from './project.js';
import { buildUi, loadProjectVite } from './ui.js';

/** A progress line (stderr): `extsys build` and `extsys dev` print them as they come. */
export type Progress = (line: string) => void;

const since = (start: number) => `${Math.round(performance.now() - start)} ms`;

/**
 * The one-shot build: manifest checked and copied, UI (the project's Vite) and handler (esbuild or
 * asc) built side by side into `dist/bundle`. Throws the first BuildFailure (file:line).
 */
export async function buildExtension(project: Project, progress: Progress): Promise<void> {
  const started = performance.now();
  // A fresh folder: no file of an older build (a renamed asset, a handler of another runtime) is packed.
  await rm(project.bundleDir, { recursive: true, force: true });
  await buildManifest(project);
  const ui = async () => {
    if (!project.hasUi) return;
    const vite = await loadProjectVite(project);
    const start = performance.now();
    progress(`building the UI with vite ${vite.version}…`);
    await buildUi(project, vite);
    progress(`UI built in ${since(start)} → dist/bundle/ui`);
  };
  const handler = async () => {
    if (!project.handler) return;
    const start = performance.now();
    progress(`building the ${project.handler.runtime} handler…`);
    const built = await buildProjectHandler(project, project.handler);
    progress(`handler built in ${since(start)} (${built.bytes} bytes) → dist/bundle/${project.manifest.api?.module}`);
  };
  const results = await Promise.allSettled([ui(), handler()]);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  progress(`built ${project.manifest.name} ${project.manifest.version} in ${since(started)} → dist/bundle`);
}
