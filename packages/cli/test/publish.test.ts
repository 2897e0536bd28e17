import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '@extsys/demo';
import { runCli } from './run-cli.js';

const HELLO_BUNDLE = fileURLToPath(new URL('../../../examples/hello/dist/bundle', import.meta.url));
const PORTS = { hostPort: 18481, runnerPort: 18480, quoteApiPort: 18482 };

// `extsys publish` and `extsys install` against a real gateway and runner: a project whose dev stack
// is running (so no credential or key is passed), then the refusals a user meets.
describe('extsys publish / install', () => {
  let project: string;
  let stack: Stack;
  let gateway: string;

  beforeAll(async () => {
    project = await mkdtemp(join(tmpdir(), 'extsys-publish-'));
    await cp(HELLO_BUNDLE, join(project, 'dist', 'bundle'), { recursive: true });
    await cp(join(HELLO_BUNDLE, 'manifest.json'), join(project, 'manifest.json'));
    stack = await startStack({ dataDir: join(project, '.extsys', 'dev'), extensions: [], tenants: ['acme'], ...PORTS });
    gateway = stack.hostUrl;
  }, 60_000);

  afterAll(async () => {
    await stack?.stop();
    await rm(project, { recursive: true, force: true });
  });

  const installs = async () => {
    const response = await fetch(`${gateway}/api/admin/installs`, {
      headers: { authorization: `Bearer ${stack.adminToken}` },
    });
    return ((await response.json()) as { installs: { tenantId: string; extensionId: string; version: string }[] })
      .installs;
  };

  it('publishes with the dev stack credential and key, and again is a no-op', async () => {
    const first = await runCli(['publish', project, '--gateway', gateway]);
    expect(first.stderr).toContain('published com.example.hello 1.0.0');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^com\.example\.hello 1\.0\.0 sha256:[0-9a-f]{64}\n$/);
    const again = await runCli(['publish', project, '--gateway', gateway]);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('already published with these exact bytes');
    expect(again.stdout).toBe(first.stdout);
  });

  it('installs the published version for a tenant, then moves it', async () => {
    const created = await runCli(['install', project, '--tenant', 'acme', '--gateway', gateway]);
    expect(created.stderr).toContain('created install');
    expect(created.code).toBe(0);
    expect(await installs()).toEqual([
      expect.objectContaining({ tenantId: 'acme', extensionId: 'com.example.hello', version: '1.0.0' }),
    ]);

    const missing = await runCli(['install', project, '--tenant', 'acme', '--version', '9.9.9', '--gateway', gateway]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(
      'com.example.hello 9.9.9 is not published on this gateway: run extsys publish first [not_published]',
    );
  });

  it('refuses a changed bundle under a published version, and names the fix', async () => {
    const manifestPath = join(project, 'dist', 'bundle', 'manifest.json');
    const original = await readFile(manifestPath, 'utf8');
    await writeFile(manifestPath, original.replace('"displayName": "Hello"', '"displayName": "Hello again"'));
    try {
      const result = await runCli(['publish', project, '--gateway', gateway]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('bump "version" in manifest.json [version_conflict]');
    } finally {
      await writeFile(manifestPath, original);
    }
  });

  it('says what to do without a built bundle, a credential or a reachable gateway', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'extsys-publish-empty-'));
    try {
      const notBuilt = await runCli(['publish', empty, '--gateway', gateway]);
      expect(notBuilt.code).toBe(1);
      expect(notBuilt.stderr).toContain('build the extension first (extsys build) [not_built]');

      const wrong = await runCli(['publish', project, '--gateway', gateway], { env: { EXTSYS_TOKEN: 'x'.repeat(40) } });
      expect(wrong.code).toBe(1);
      expect(wrong.stderr).toMatch(/the credential from EXTSYS_TOKEN was refused.*\[unauthenticated\]/);

      const noCredential = await runCli([
        'install',
        project,
        '--tenant',
        'acme',
        '--gateway',
        'https://gateway.example.invalid',
      ]);
      expect(noCredential.code).toBe(1);
      expect(noCredential.stderr).toContain('[credential_missing]');

      const unreadable = await runCli([
        'publish',
        project,
        '--gateway',
        gateway,
        '--credential-file',
        join(empty, 'nope'),
      ]);
      expect(unreadable.code).toBe(1);
      expect(unreadable.stderr).toContain('no such file [credential_unreadable]');

      const down = await runCli(['install', project, '--tenant', 'acme', '--gateway', 'http://127.0.0.1:9'], {
        env: { EXTSYS_TOKEN: 'token' },
      });
      expect(down.code).toBe(1);
      expect(down.stderr).toContain('[gateway_unreachable]');

      const plainHttp = await runCli([
        'install',
        project,
        '--tenant',
        'acme',
        '--gateway',
        'http://gateway.example.com',
      ]);
      expect(plainHttp.code).toBe(2);
      expect(plainHttp.stderr).toContain('must use https');
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});
