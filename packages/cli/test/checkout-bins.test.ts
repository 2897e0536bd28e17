// Every command the READMEs and guides name runs from a built checkout as written, through
// `npx --no-install` (never the registry): each bin must name a committed file, since npm links
// bins at `npm ci`, before `npm run build` has written dist/.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../../..');
const BINS = [
  { bin: 'extsys', dir: 'packages/cli', usage: /Usage: extsys/ },
  { bin: 'extsys-bundle', dir: 'packages/bundle', usage: /usage: extsys-bundle <command>/ },
  { bin: 'extsys-gateway', dir: 'gateway-stub', usage: /usage: extsys-gateway publish/ },
  { bin: 'extsys-demo', dir: 'demo', usage: /usage: npm run demo/ },
];

describe('the checkout’s commands', () => {
  it.each(BINS)('$bin names a committed file, not a build output', async ({ bin, dir }) => {
    const manifest = JSON.parse(readFileSync(join(ROOT, dir, 'package.json'), 'utf8')) as {
      bin: Record<string, string>;
    };
    const target = manifest.bin[bin]!;
    expect(target).not.toMatch(/^(\.\/)?dist\//);
    const { stdout } = await run('git', ['ls-files', '--error-unmatch', join(dir, target)], { cwd: ROOT });
    expect(stdout.trim()).toBe(join(dir, target.replace(/^\.\//, '')));
  });

  it.each(BINS)('npx --no-install $bin --help prints its usage', async ({ bin, usage }) => {
    const { stdout } = await run('npx', ['--no-install', bin, '--help'], { cwd: ROOT });
    expect(stdout).toMatch(usage);
  });
});
