// Every npm command the repository's markdown names (READMEs, guides, the docs site's pages) must
// exist where a reader runs it: `npm run <script> [-w <workspace>]`, `npm start`, `npm test` (in
// the file's own package, the repository root, a project `extsys create` makes or a template the
// docs say to copy), and `npx <bin>` for the checkout's own commands. A script renamed or a workspace moved fails here,
// not in a newcomer's terminal.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectPackageJson } from '../src/create/package-json.js';

const ROOT = resolve(import.meta.dirname, '../../..');

interface PackageJson {
  name?: string;
  scripts?: Record<string, string>;
  bin?: string | Record<string, string>;
  workspaces?: string[];
}
const readPackage = (dir: string) => JSON.parse(readFileSync(join(ROOT, dir, 'package.json'), 'utf8')) as PackageJson;

const workspaceDirs = execFileSync('npm', ['query', '.workspace'], { cwd: ROOT, encoding: 'utf8' });
const WORKSPACES = (JSON.parse(workspaceDirs) as { name: string; location: string }[]).map((w) => ({
  name: w.name,
  dir: w.location,
}));

/** The scripts of a project `extsys create` makes: the author guides talk about those too. */
const CREATED_PROJECT_SCRIPTS = Object.keys(
  (
    JSON.parse(
      projectPackageJson({
        packageName: 'x',
        parts: [],
        versionOf: () => '0.0.0',
        tarballOf: () => 'x.tgz',
        cliDir: '.',
      }),
    ) as PackageJson
  ).scripts ?? {},
);

/** Projects the docs tell readers to copy (`packages/handler-sdk/template/`): their scripts are named too. */
const TEMPLATE_SCRIPTS = execFileSync('git', ['ls-files', '-z', '--', '*/template/package.json'], {
  cwd: ROOT,
  encoding: 'utf8',
})
  .split('\0')
  .filter(Boolean)
  .flatMap((file) => Object.keys(readPackage(dirname(file)).scripts ?? {}));

/** The nearest package.json above a file, as npm finds it when the command runs from there. */
function nearestPackageDir(file: string): string {
  for (let dir = dirname(file); dir !== '.'; dir = dirname(dir)) {
    if (existsSync(join(ROOT, dir, 'package.json'))) return dir;
  }
  return '.';
}

const BINS = new Set(
  ['.', ...WORKSPACES.map((w) => w.dir)].flatMap((dir) => {
    const { name, bin } = readPackage(dir);
    if (!bin) return [];
    return typeof bin === 'string' ? [name!.replace(/^@[^/]+\//, '')] : Object.keys(bin);
  }),
);

const markdown = execFileSync('git', ['ls-files', '-z', '--', '*.md'], { cwd: ROOT, encoding: 'utf8' })
  .split('\0')
  .filter(Boolean);

interface Mention {
  file: string;
  command: string;
  script: string;
  workspace: string | undefined;
}
const mentions: Mention[] = [];
const npxMentions: { file: string; bin: string }[] = [];
for (const file of markdown) {
  const text = readFileSync(join(ROOT, file), 'utf8');
  for (const match of text.matchAll(
    /npm (?:run ([\w:.-]+)|(start|test)\b)(?:\s+(?:-w|--workspace)[\s=]+([@\w/.-]+))?/g,
  )) {
    mentions.push({ file, command: match[0], script: match[1] ?? match[2]!, workspace: match[3] });
  }
  for (const match of text.matchAll(/npx (?:--no-install )?(extsys[\w-]*)/g))
    npxMentions.push({ file, bin: match[1]! });
}

describe('the commands the docs name', () => {
  it('finds the commands (the check is not vacuous)', () => {
    expect(mentions.length).toBeGreaterThan(100);
    expect(npxMentions.length).toBeGreaterThan(10);
  });

  it('every "npm run <script> [-w <workspace>]" names a script that exists there', () => {
    const missing = mentions.flatMap(({ file, command, script, workspace }) => {
      if (workspace) {
        const target = WORKSPACES.find((w) => w.name === workspace || w.dir === workspace.replace(/\/$/, ''));
        if (!target) return [`${file}: "${command}": no workspace ${workspace}`];
        return readPackage(target.dir).scripts?.[script]
          ? []
          : [`${file}: "${command}": ${target.dir} has no script ${script}`];
      }
      const here = readPackage(nearestPackageDir(file)).scripts ?? {};
      const root = readPackage('.').scripts ?? {};
      const known = [...CREATED_PROJECT_SCRIPTS, ...TEMPLATE_SCRIPTS];
      if (here[script] || root[script] || known.includes(script)) return [];
      return [
        `${file}: "${command}": not a script of ${nearestPackageDir(file)}/package.json, the root, a created project or a template`,
      ];
    });
    expect(missing).toEqual([]);
  });

  it('every "npx extsys…" names a bin of the checkout', () => {
    const unknown = npxMentions.filter(({ bin }) => !BINS.has(bin)).map(({ file, bin }) => `${file}: npx ${bin}`);
    expect(unknown).toEqual([]);
  });
});
