import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CliError } from '../cli-error.js';
import { BuildFailure, location, plain } from './build-failure.js';
import type { Project } from './project.js';

/** The slice of Vite's API the CLI uses (the project's own Vite, whatever its minor). */
interface ProjectVite {
  version: string;
  build(config: Record<string, unknown>): Promise<unknown>;
}

/** What Vite's (Rolldown's) watcher emits; `result.close()` must be called on BUNDLE_END. */
interface WatcherEvent {
  code: 'START' | 'BUNDLE_START' | 'BUNDLE_END' | 'END' | 'ERROR';
  error?: unknown;
  result?: { close(): Promise<void> | void };
}
interface Watcher {
  on(event: 'event', listener: (event: WatcherEvent) => void): void;
  close(): Promise<void>;
}

/**
 * The project's own Vite, resolved from the project folder — never the CLI's copy — so that its
 * config and its plugins (`@vitejs/plugin-react` imports `vite` too) are one copy of Vite.
 */
export async function loadProjectVite(project: Project): Promise<ProjectVite> {
  let entry: string;
  try {
    entry = createRequire(join(project.dir, 'package.json')).resolve('vite');
  } catch {
    throw new CliError(
      'vite_missing',
      `the project has no vite (${project.dir}/node_modules): run npm install in ${project.dir}`,
    );
  }
  return (await import(pathToFileURL(entry).href)) as ProjectVite;
}

/** How long a changed file must be quiet before a rebuild starts (Vite watch, handler watch). */
export const WATCH_QUIET_MS = 30;

/** Vite's settings for the bundle build; the rest comes from the project's vite.config. */
function bundleBuildConfig(project: Project, watch: boolean): Record<string, unknown> {
  return {
    root: project.dir,
    // Progress and errors are the CLI's to print (errors come back as exceptions or events).
    logLevel: 'silent',
    clearScreen: false,
    build: {
      outDir: join(project.bundleDir, 'ui'),
      emptyOutDir: true,
      // An editor's save can be a truncate then a write: wait for the file to be quiet for 30 ms, so
      // the rebuild never reads a half-written file (a spurious error, then a second build).
      ...(watch ? { watch: { buildDelay: WATCH_QUIET_MS } } : {}),
    },
  };
}

/** Builds the UI once into `dist/bundle/ui` (throws a BuildFailure with the file:line). */
export async function buildUi(project: Project, vite?: ProjectVite): Promise<void> {
  const v = vite ?? (await loadProjectVite(project));
  try {
    await v.build(bundleBuildConfig(project, false));
  } catch (error) {
    throw uiFailure(project, error);
  }
}

export interface UiWatch {
  close(): Promise<void>;
}

/**
 * Vite in watch mode (it follows the UI's module graph and rebuilds incrementally: measured on
 * `examples/hello`, ~250–350 ms a rebuild against ~700 ms cold). `onBuilt` after each build:
 * a BuildFailure, or undefined when the UI built.
 */
export async function watchUi(
  project: Project,
  callbacks: { onStart: () => void; onBuilt: (failure: BuildFailure | undefined) => void },
  vite?: ProjectVite,
): Promise<UiWatch> {
  const v = vite ?? (await loadProjectVite(project));
  const watcher = (await v.build(bundleBuildConfig(project, true))) as Watcher;
  let failure: BuildFailure | undefined;
  watcher.on('event', (event) => {
    if (event.code === 'START') {
      failure = undefined;
      callbacks.onStart();
    } else if (event.code === 'BUNDLE_END') {
      void event.result?.close();
    } else if (event.code === 'ERROR') {
      failure = uiFailure(project, event.error);
      void event.result?.close();
    } else if (event.code === 'END') {
      // Emitted after BUNDLE_END and after ERROR alike: one report per build.
      callbacks.onBuilt(failure);
    }
  });
  return { close: () => watcher.close() };
}

interface RolldownError {
  message?: string;
  id?: string;
  loc?: { file?: string; line: number; column: number };
  frame?: string;
  errors?: RolldownError[];
}

/** Vite 8 (Rolldown) reports `{errors: [...]}` with ANSI colours and the file:line in the text. */
export function uiFailure(project: Project, error: unknown): BuildFailure {
  const outer = error as RolldownError;
  const first = outer.errors?.[0] ?? outer;
  const message = plain(first.message ?? String(error));
  const file = first.loc?.file ?? first.id;
  let where: string | undefined;
  if (file && first.loc) where = location(project.dir, file, first.loc.line, first.loc.column + 1);
  else {
    // Rolldown writes `[ <path relative to the working directory>:line:col ]` in its message.
    const found = /\[\s*([^\s\]]+):(\d+):(\d+)\s*\]/.exec(message) ?? /([^\s(]+\.\w+):(\d+):(\d+)/.exec(message);
    if (found) where = location(project.dir, resolve(found[1]!), Number(found[2]), Number(found[3]));
  }
  const detail = first.frame ? `${message}\n${plain(first.frame)}` : message;
  return new BuildFailure('ui', where, detail);
}
