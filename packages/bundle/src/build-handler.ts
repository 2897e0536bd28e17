// `extsys-bundle build-handler`: an author's TypeScript (or JavaScript) handler → the one
// self-contained ES module a js@1 bundle's `api.module` names, plus its source map.
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, relative, resolve } from 'node:path';
import { BundleError } from './errors.js';
import { readHandlerContract, type HandlerRoute } from './handler-contract.js';

/**
 * What the runner's engine (QuickJS) runs: ES2023 syntax is left as it is, anything newer is
 * lowered by esbuild (or refused when it cannot be). Lower it here if the engine ever lags.
 */
export const HANDLER_TARGET = 'es2023';

export interface BuildHandlerOptions {
  /** The module to write (default `handler/handler.js`, relative to the working directory); its map goes beside it. */
  out?: string;
  /** Minify whitespace and syntax (default false: see docs/packages/bundle.md#building-a-javascript-handler). */
  minify?: boolean;
  /** Where `out` is resolved from (default: the working directory). */
  cwd?: string;
}

export interface BuiltHandler {
  outFile: string;
  mapFile: string;
  /** Bytes of the module and of its map. */
  bytes: number;
  mapBytes: number;
  /** The contract's routes when the module was built with `serve(contract, ...)`, else undefined. */
  routes: HandlerRoute[] | undefined;
  /** Every source file bundled (absolute paths): what a watcher rebuilds the handler on. */
  inputs: string[];
}

interface EsbuildMessage {
  text: string;
  location?: { file: string; line: number; column: number; lineText?: string } | null;
  notes?: { text: string }[];
}

function describeBuildError(error: unknown, entry: string): BundleError {
  const first = (error as { errors?: EsbuildMessage[] }).errors?.[0];
  if (!first) return new BundleError('module_invalid', `${entry}: ${String((error as Error)?.message ?? error)}`);
  const where = first.location ? `${first.location.file}:${first.location.line}:${first.location.column}` : entry;
  const builtin =
    /Could not resolve "(node:[^"]+|fs|path|os|crypto|http|https|child_process|net|url|util|stream|buffer|events)"/.exec(
      first.text,
    );
  const hint = builtin
    ? `; the js@1 runtime has no Node APIs: use the SDK's kv, http, secrets, user and log instead`
    : / Could not resolve/.test(` ${first.text}`)
      ? '; install the package, or fix the import path'
      : '';
  return new BundleError('module_invalid', `${where}: ${first.text}${hint}`, { cause: error });
}

/**
 * Bundles `entry` and everything it imports into one ES module (no `import` left: js@1 has no
 * module loader) with a linked source map, evaluates it the way the runner will (ECMAScript
 * built-ins only) to check it exports `handle`, then writes both files. Nothing is written when
 * any step fails. Throws `module_invalid` naming the file, line and fix.
 */
export async function buildHandler(entry: string, options: BuildHandlerOptions = {}): Promise<BuiltHandler> {
  const cwd = options.cwd ?? process.cwd();
  const entryFile = resolve(cwd, entry);
  const outFile = resolve(cwd, options.out ?? 'handler/handler.js');
  if (!outFile.endsWith('.js'))
    throw new BundleError('module_invalid', `--out ${options.out}: a js@1 module must be a .js file`);
  const mapFile = `${outFile}.map`;
  const { build } = await import('esbuild');
  let code: string;
  let map: string;
  let inputs: string[];
  try {
    const result = await build({
      entryPoints: [entryFile],
      outfile: outFile,
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'neutral',
      // Packages without an `exports` map (neutral picks no main field by itself).
      mainFields: ['module', 'main'],
      target: HANDLER_TARGET,
      // Whitespace and syntax only: identifiers keep their names, so a stack trace or a log line
      // reads even without the map.
      minifyWhitespace: options.minify ?? false,
      minifySyntax: options.minify ?? false,
      sourcemap: 'linked',
      sourcesContent: true,
      legalComments: 'none',
      logLevel: 'silent',
      absWorkingDir: cwd,
      metafile: true,
    });
    inputs = Object.keys(result.metafile.inputs).map((input) => resolve(cwd, input));
    code = result.outputFiles.find((file) => file.path === outFile)!.text;
    map = result.outputFiles.find((file) => file.path === mapFile)!.text;
  } catch (error) {
    throw describeBuildError(error, relative(cwd, entryFile) || entry);
  }
  const routes = await readHandlerContract(code, relative(cwd, outFile) || basename(outFile));
  await mkdir(dirname(outFile), { recursive: true });
  await writeFile(outFile, code);
  await writeFile(mapFile, map);
  return { outFile, mapFile, bytes: Buffer.byteLength(code), mapBytes: Buffer.byteLength(map), routes, inputs };
}
