// `extsys build` on a copy of examples/hello outside the repository (node_modules linked to the
// checkout's): the bundle folder it writes, and a build error with its file:line.
import { cp, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
let project: string;

beforeAll(async () => {
  project = await mkdtemp(join(tmpdir(), 'extsys-build-'));
  for (const entry of [
    'manifest.json',
    'package.json',
    'tsconfig.json',
    'vite.config.ts',
    'index.html',
    'src',
    'handler',
  ]) {
    await cp(join(REPO, 'examples/hello', entry), join(project, entry), { recursive: true });
  }
  await symlink(join(REPO, 'node_modules'), join(project, 'node_modules'), 'dir');
});

afterAll(async () => {
  if (project) await rm(project, { recursive: true, force: true });
});

describe('extsys build', () => {
  it('writes manifest, UI and handler (+ map) into dist/bundle, progress on stderr', async () => {
    const run = await runCli(['build', project]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.trim()).toBe(join(project, 'dist/bundle'));
    expect(run.stderr).toMatch(/UI built in \d+ ms/);
    expect(run.stderr).toMatch(/handler built in \d+ ms/);
    const files = (await readdir(join(project, 'dist/bundle'), { recursive: true })).sort();
    expect(files).toEqual(
      expect.arrayContaining(['manifest.json', 'handler/handler.js', 'handler/handler.js.map', 'ui/index.html']),
    );
    expect(await readFile(join(project, 'dist/bundle/manifest.json'), 'utf8')).toBe(
      await readFile(join(project, 'manifest.json'), 'utf8'),
    );
  });

  it('names the file and line of a UI or handler error (exit 1, build_failed)', async () => {
    const app = join(project, 'src/App.tsx');
    const original = await readFile(app, 'utf8');
    await writeFile(app, original.replace('<main className', '<main <<className'));
    const ui = await runCli(['build', project]);
    await writeFile(app, original);
    expect(ui.code).toBe(1);
    expect(ui.stderr).toMatch(/extsys build: the ui does not build: src\/App\.tsx:\d+:\d+: .+ \[build_failed\]/);

    const echo = join(project, 'handler/echo.ts');
    const handler = await readFile(echo, 'utf8');
    await writeFile(echo, `${handler}\nexport const broken = ;\n`);
    const built = await runCli(['build', project]);
    await writeFile(echo, handler);
    expect(built.code).toBe(1);
    expect(built.stderr).toMatch(/the handler does not build: handler\/echo\.ts:\d+:\d+: /);
  });

  it('refuses a folder without manifest.json, saying what to do', async () => {
    const run = await runCli(['build', tmpdir()]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/manifest\.json does not exist: .*extsys create .*\[project_not_found\]/);
  });
});
