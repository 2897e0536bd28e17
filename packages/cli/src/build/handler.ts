import { execFile } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { buildHandler, isBundleError } from '@extsys/bundle';
import { CliError } from '../cli-error.js';
import { BuildFailure, plain } from './build-failure.js';
import type { HandlerSource, Project } from './project.js';

export interface BuiltHandlerFiles {
  outFile: string;
  bytes: number;
  /**
   * The source files the handler was built from (absolute paths): a change of one of them rebuilds
   * it. For wasm@1, every file under `handler/` (asc has no dependency list to give).
   */
  inputs: string[] | 'handler-folder';
}

/** Builds the project's handler into `dist/bundle/<api.module>` (throws a BuildFailure with file:line). */
export async function buildProjectHandler(project: Project, source: HandlerSource): Promise<BuiltHandlerFiles> {
  if (source.runtime === 'js@1') return buildJsHandler(project, source);
  return buildWasmHandler(project, source);
}

async function buildJsHandler(
  project: Project,
  source: Extract<HandlerSource, { runtime: 'js@1' }>,
): Promise<BuiltHandlerFiles> {
  try {
    const built = await buildHandler(source.entry, { out: source.outFile, cwd: project.dir });
    return { outFile: built.outFile, bytes: built.bytes, inputs: built.inputs };
  } catch (error) {
    if (isBundleError(error)) {
      // buildHandler says `<file>:<line>:<column>: <text>` (esbuild's location, relative to the project).
      const where = /^([^\s:]+:\d+:\d+): /.exec(error.message);
      throw new BuildFailure('handler', where?.[1], where ? error.message.slice(where[0].length) : error.message);
    }
    throw error;
  }
}

/** The project's own AssemblyScript compiler (`asc`), run as the project's build script would. */
async function buildWasmHandler(
  project: Project,
  source: Extract<HandlerSource, { runtime: 'wasm@1' }>,
): Promise<BuiltHandlerFiles> {
  let asc: string;
  try {
    const require = createRequire(join(project.dir, 'package.json'));
    asc = join(dirname(require.resolve('assemblyscript/package.json')), 'bin', 'asc.js');
  } catch {
    throw new CliError(
      'asc_missing',
      `the project has no assemblyscript (${project.dir}/node_modules): run npm install in ${project.dir}`,
    );
  }
  const config = JSON.parse(await readFile(source.asconfig, 'utf8')) as { targets?: Record<string, unknown> };
  const args = [
    asc,
    relative(project.dir, source.entry),
    '--config',
    relative(project.dir, source.asconfig),
    ...(config.targets?.['release'] ? ['--target', 'release'] : []),
    '--outFile',
    source.outFile,
  ];
  const output = await new Promise<{ ok: boolean; text: string }>((resolve) => {
    execFile(process.execPath, args, { cwd: project.dir, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) =>
      resolve({ ok: !error, text: plain(`${stderr}\n${stdout}`).trim() }),
    );
  });
  if (!output.ok) {
    // asc: `ERROR TS2304: Cannot find name 'x'.` … `└─ in handler/assembly/index.ts(12,3)`
    const at = /in (\S+)\((\d+),(\d+)\)/.exec(output.text);
    const firstError = output.text.split('\n').find((line) => /^ERROR/.test(line.trim()));
    const detail = firstError && firstError !== output.text ? `${firstError.trim()}\n\n${output.text}` : output.text;
    throw new BuildFailure('handler', at ? `${at[1]}:${at[2]}:${at[3]}` : undefined, detail || 'asc failed');
  }
  return { outFile: source.outFile, bytes: (await stat(source.outFile)).size, inputs: 'handler-folder' };
}
