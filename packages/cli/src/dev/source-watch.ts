import { watch, type FSWatcher } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** Folders a project never builds from (or writes itself): changes there are not source changes. */
const IGNORED = new Set(['node_modules', 'dist', '.extsys', '.git', 'coverage', 'test-results']);

/**
 * Every file change in the project outside node_modules, dist, .extsys and .git — one recursive
 * `fs.watch` (inotify on Linux: a change is seen in a few ms; no dependency needed). Vite watches
 * the UI's own module graph; this one serves the handler and the manifest.
 */
export function watchSources(projectDir: string, onChange: (file: string) => void): { close(): void } {
  const watcher: FSWatcher = watch(projectDir, { recursive: true }, (_event, name) => {
    if (!name) return;
    const path = name.toString();
    const top = path.split(sep, 1)[0] ?? '';
    if (IGNORED.has(top) || path.endsWith('~') || /(^|[/\\])\.#/.test(path)) return;
    onChange(join(projectDir, path));
  });
  watcher.on('error', () => undefined);
  return { close: () => watcher.close() };
}

/** `handler/x.ts` relative to the project, for messages. */
export const shortPath = (projectDir: string, file: string) => relative(projectDir, file) || file;
