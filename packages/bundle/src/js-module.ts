// Evaluates a js@1 handler module the way the runner's engine sees it: in a fresh context with the
// ECMAScript built-ins only (no Node, no timers, no fetch, no TextEncoder) and the globals given,
// so a module that leans on anything else fails here, at build or pack time, not on a live call.
// node:vm is not a security boundary: this runs the author's own code on the author's machine.
import { runInContext, createContext } from 'node:vm';
import { BundleError } from './errors.js';

export interface LoadJsModuleOptions {
  /** Shown in errors and stack traces (e.g. `handler/handler.js`). */
  filename: string;
  /** Globals besides the built-ins, e.g. a fake `__runner` and `console`. */
  globals?: Record<string, unknown>;
  /** Cap on the module's top-level code (default 2 s). */
  timeoutMs?: number;
}

const NAMESPACE = '__extsysModuleExports';

/** The module's exports. Throws `module_invalid` naming the file when it imports or fails to evaluate. */
export async function loadJsModule(code: string, options: LoadJsModuleOptions): Promise<Record<string, unknown>> {
  // vm's SourceTextModule needs a Node flag: esbuild rewrites the ES module into a script with the
  // same semantics instead, its exports gathered in one object. An `import` cannot be rewritten
  // without a module loader, and js@1 has none: refused here, as the runner would.
  const { build } = await import('esbuild');
  let script: string;
  try {
    const result = await build({
      stdin: { contents: code, sourcefile: options.filename, loader: 'js' },
      bundle: true,
      external: ['*'],
      write: false,
      format: 'iife',
      globalName: NAMESPACE,
      platform: 'neutral',
      target: 'esnext',
      metafile: true,
      logLevel: 'silent',
    });
    const imports = Object.values(result.metafile.inputs).flatMap((input) => input.imports.map((i) => i.path));
    if (imports.length > 0) {
      throw new BundleError(
        'module_invalid',
        `${options.filename}: imports ${imports.map((path) => JSON.stringify(path)).join(', ')}; a js@1 module must be self-contained (bundle it with "extsys-bundle build-handler")`,
      );
    }
    script = result.outputFiles[0]!.text;
  } catch (error) {
    if (error instanceof BundleError) throw error;
    throw new BundleError('module_invalid', `${options.filename}: is not a JavaScript module: ${firstMessage(error)}`);
  }
  const context = createContext({ ...options.globals });
  try {
    runInContext(`${script}\n;globalThis.${NAMESPACE} = ${NAMESPACE};`, context, {
      filename: options.filename,
      timeout: options.timeoutMs ?? 2000,
    });
  } catch (error) {
    throw new BundleError('module_invalid', `${options.filename}: evaluating the module failed: ${describe(error)}`, {
      cause: error,
    });
  }
  return (context as Record<string, unknown>)[NAMESPACE] as Record<string, unknown>;
}

function firstMessage(error: unknown): string {
  const errors = (error as { errors?: { text: string; location?: { line: number; column: number } | null }[] }).errors;
  const first = errors?.[0];
  if (!first) return String((error as Error)?.message ?? error);
  return first.location ? `${first.text} (line ${first.location.line}:${first.location.column})` : first.text;
}

function describe(error: unknown): string {
  // An error from the vm context is not an `instanceof Error` of this realm: read it by shape.
  if (typeof error === 'object' && error !== null && 'message' in error) {
    const { name, message } = error as { name?: unknown; message?: unknown };
    return `${typeof name === 'string' ? name : 'Error'}: ${typeof message === 'string' ? message : 'unknown'}`;
  }
  return String(error);
}
