// Builds a fixture handler with `extsys-bundle build-handler` (the real esbuild step) once, and
// loads the built module for each test the way the js@1 runtime does: a fresh context holding the
// ECMAScript built-ins and `__runner` only — no Node globals, no timers, no TextEncoder.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildHandler, loadJsModule } from '@extsys/bundle';
import type { FakeRunner, HandleFunction } from '../src/testing/index.js';

const here = dirname(fileURLToPath(import.meta.url));

export interface BuiltFixture {
  code: string;
  /** The built module's path; its source map is beside it. */
  outFile: string;
  load(runner: FakeRunner): Promise<HandleFunction>;
  remove(): Promise<void>;
}

export async function buildFixture(name: string): Promise<BuiltFixture> {
  const dir = await mkdtemp(join(tmpdir(), 'extsys-handler-js-'));
  const built = await buildHandler(join(here, 'fixtures', name, 'handler.ts'), { out: join(dir, 'handler.js') });
  const code = await readFile(built.outFile, 'utf8');
  return {
    code,
    outFile: built.outFile,
    async load(runner) {
      const console = Object.fromEntries(
        (['debug', 'log', 'info', 'warn', 'error'] as const).map((method, i) => [
          method,
          (...parts: unknown[]) => runner.global.log(Math.max(0, i - 1) as 0 | 1 | 2 | 3, parts.map(String).join(' ')),
        ]),
      );
      const exports = await loadJsModule(code, {
        filename: 'handler.js',
        globals: { __runner: runner.global, console },
      });
      return exports['handle'] as HandleFunction;
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
