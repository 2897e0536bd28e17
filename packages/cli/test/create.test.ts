// `extsys create` as an author runs it: the built CLI creates a project in a temporary folder
// outside the repository, then `npm install`, `npm test` and `npm run typecheck` run there for
// real (extsys packages from the tarballs create packed, third-party ones from the npm cache the
// repository's `npm ci` filled, else the registry). Then each refusal, with nothing written.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectEnv } from '../src/testing/project-env.js';
import { runCli } from './run-cli.js';

const CHECKOUT = fileURLToPath(new URL('../../../', import.meta.url));
/** Generous: an install that must reach the registry on a slow day is slow, not broken. */
const INSTALL_TEST_TIMEOUT = 600_000;

let workDir: string;

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'extsys-create-'));
});

afterAll(async () => {
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

interface Run {
  code: number;
  output: string;
  seconds: number;
}

function npm(args: string[], cwd: string): Promise<Run> {
  const started = performance.now();
  return new Promise((resolve) => {
    execFile('npm', args, { cwd, env: projectEnv(), maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      const output = `${stdout}\n${stderr}`.replace(/\x1b\[[0-9;]*m/g, '');
      resolve({ code, output, seconds: (performance.now() - started) / 1000 });
    });
  });
}

/** Fails with npm's own output, which says why. */
function expectOk(run: Run, what: string): void {
  if (run.code !== 0) expect.fail(`${what} exited ${run.code}:\n${run.output.slice(-4000)}`);
}

/** vitest's summary, so that a test run that ran nothing cannot pass: `Tests  11 passed (11)`. */
function testsPassed(output: string): number {
  const summary = /Tests\s+(\d+) passed \((\d+)\)/.exec(output);
  expect(summary, `no vitest summary in:\n${output.slice(-2000)}`).not.toBeNull();
  expect(summary![1]).toBe(summary![2]); // none failed or skipped
  return Number(summary![1]);
}

/** The spec of a packed extsys package, whatever its version. */
const tarball = (name: string): unknown =>
  expect.stringMatching(new RegExp(`^file:vendor/extsys/extsys-${name}-\\d[^/]*\\.tgz$`));

const readJson = async (path: string) => JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;

/** Creates, installs and tests one variant; answers the project folder. Logs the time of each step. */
async function createInstallTest(name: string, args: string[], expectedTestFiles: string[]): Promise<string> {
  const created = await runCli(['create', name, ...args], { cwd: workDir });
  expect(created.stderr).toContain('packing @extsys/protocol');
  expect(created.code, created.stderr).toBe(0);
  expect(created.stdout).toContain(`cd ${name} && npm install && npm run dev`);
  const projectDir = join(workDir, name);
  expect((await readdir(join(projectDir, 'test'))).sort()).toEqual(expectedTestFiles);

  const install = await npm(['install'], projectDir);
  expectOk(install, 'npm install');
  const test = await npm(['test'], projectDir);
  expectOk(test, 'npm test');
  const typecheck = await npm(['run', 'typecheck'], projectDir);
  expectOk(typecheck, 'npm run typecheck');
  console.log(
    `create ${[name, ...args].join(' ')}: npm install ${install.seconds.toFixed(1)} s, npm test ${test.seconds.toFixed(1)} s ` +
      `(${testsPassed(test.output)} tests), typecheck ${typecheck.seconds.toFixed(1)} s`,
  );
  return projectDir;
}

describe('extsys create', () => {
  it(
    'react-ts with a TypeScript handler (the default): a project whose install, tests and typecheck pass',
    async () => {
      const projectDir = await createInstallTest(
        'my-ext',
        [],
        ['app.test.tsx', 'fake-handler.ts', 'handler.test.ts', 'manifest.test.ts', 'setup.ts'],
      );

      const manifest = await readJson(join(projectDir, 'manifest.json'));
      expect(manifest).toMatchObject({
        manifestVersion: 2,
        name: 'com.example.my-ext',
        displayName: 'My Ext',
        version: '0.1.0',
        runtime: 'js@1',
        api: { module: 'handler/handler.js' },
        ui: { entry: 'ui/index.html' },
      });
      const pkg = await readJson(join(projectDir, 'package.json'));
      expect(pkg).toMatchObject({
        name: 'my-ext',
        type: 'module',
        scripts: { dev: 'extsys dev', build: 'extsys build', test: 'vitest run', typecheck: 'tsc --noEmit' },
        dependencies: {
          '@extsys/protocol': tarball('protocol'),
          '@extsys/ext-sdk': tarball('ext-sdk'),
          '@extsys/ui-kit': tarball('ui-kit'),
        },
        devDependencies: {
          '@extsys/handler-js': tarball('handler-js'),
          '@extsys/cli': `file:${join(CHECKOUT, 'packages', 'cli')}`,
        },
      });
      // Third-party versions are the checkout's own pins.
      const hello = await readJson(join(CHECKOUT, 'examples', 'hello', 'package.json'));
      expect((pkg['dependencies'] as Record<string, string>)['react']).toBe(
        (hello['dependencies'] as Record<string, string>)['react'],
      );
      expect(await readFile(join(projectDir, '.gitignore'), 'utf8')).toMatch(/node_modules\ndist\n[^]*\.extsys/);
      // The layout `extsys build` relies on.
      await readFile(join(projectDir, 'handler', 'handler.ts'));
      expect(await readFile(join(projectDir, 'vite.config.ts'), 'utf8')).toContain("outDir: 'dist/bundle/ui'");
      // The project's `extsys` is this checkout's CLI.
      const bin = await npm(['exec', '--', 'extsys', '--help'], projectDir);
      expectOk(bin, 'npx extsys --help');
      expect(bin.output).toContain('create');
    },
    INSTALL_TEST_TIMEOUT,
  );

  it(
    'vanilla-ts: no React, the same contract, tests pass',
    async () => {
      const projectDir = await createInstallTest(
        'plain-ext',
        ['--template', 'vanilla-ts'],
        ['fake-handler.ts', 'handler.test.ts', 'manifest.test.ts', 'page.test.ts'],
      );
      const pkg = await readJson(join(projectDir, 'package.json'));
      expect(Object.keys(pkg['dependencies'] as object)).not.toContain('react');
      expect(Object.keys(pkg['dependencies'] as object)).not.toContain('@extsys/ui-kit');
    },
    INSTALL_TEST_TIMEOUT,
  );

  it(
    'an AssemblyScript handler: wasm@1, the handler SDK packed, UI tests pass',
    async () => {
      const projectDir = await createInstallTest(
        'as-ext',
        ['--handler', 'assemblyscript'],
        ['app.test.tsx', 'fake-handler.ts', 'manifest.test.ts', 'setup.ts'],
      );
      expect(await readJson(join(projectDir, 'manifest.json'))).toMatchObject({
        runtime: 'wasm@1',
        api: { module: 'handler/handler.wasm' },
      });
      await readFile(join(projectDir, 'handler', 'assembly', 'index.ts'));
      expect(await readJson(join(projectDir, 'handler', 'asconfig.json'))).toMatchObject({
        targets: { release: { outFile: '../dist/bundle/handler/handler.wasm' } },
      });
      expect((await readJson(join(projectDir, 'package.json')))['devDependencies']).toMatchObject({
        '@extsys/handler-sdk': tarball('handler-sdk'),
      });
    },
    INSTALL_TEST_TIMEOUT,
  );

  describe('refuses, writing nothing', () => {
    it('a folder that is not empty (exit 1)', async () => {
      const dir = join(workDir, 'taken');
      await mkdir(dir);
      await writeFile(join(dir, 'notes.txt'), 'mine');
      const run = await runCli(['create', dir]);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/^extsys create: .*taken is not empty \(notes\.txt\).* \[target_not_empty\]\n$/);
      expect(await readdir(dir)).toEqual(['notes.txt']);
    });

    it('an unknown template or handler (exit 2, the allowed ones listed)', async () => {
      const template = await runCli(['create', join(workDir, 'a'), '--template', 'svelte']);
      expect(template.code).toBe(2);
      expect(template.stderr).toContain("argument 'svelte' is invalid. Allowed choices are react-ts, vanilla-ts.");
      const handler = await runCli(['create', join(workDir, 'b'), '--handler', 'rust']);
      expect(handler.code).toBe(2);
      expect(handler.stderr).toContain('Allowed choices are ts, assemblyscript.');
      expect(await readdir(workDir)).not.toContain('a');
      expect(await readdir(workDir)).not.toContain('b');
    });

    it('a folder name that makes no extension id (exit 1)', async () => {
      const run = await runCli(['create', join(workDir, '___')]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('[invalid_name]');
      expect(run.stderr).toContain('letters, digits and dashes');
      expect(await readdir(workDir)).not.toContain('___');
    });

    it('a folder inside the extsys checkout (exit 1)', async () => {
      const run = await runCli(['create', join(CHECKOUT, 'examples', 'never-created')]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('[target_inside_checkout]');
      expect(await readdir(join(CHECKOUT, 'examples'))).not.toContain('never-created');
    });
  });
});
