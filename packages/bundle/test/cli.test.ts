import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, stat, symlink, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeExtension, tempDir } from './fixture.js';

const CLI = resolve(dirname(fileURLToPath(import.meta.url)), '../dist/cli.js');
const HASH = /^sha256:[0-9a-f]{64}$/;

function run(cwd: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A failure: non-zero exit and exactly one line on stderr, naming the command. */
function expectOneLineFailure(result: ReturnType<typeof run>, command: string, code = 1): string {
  expect(result.code).toBe(code);
  const lines = result.stderr.split('\n').filter(Boolean);
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(new RegExp(`^extsys-bundle ${command}: `));
  return lines[0]!;
}

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first`);
});

describe('extsys-bundle CLI', () => {
  it('packs, creates keys, signs, verifies and inspects a bundle', async () => {
    const work = await tempDir();
    const ext = await makeExtension();

    const packed = run(work, 'pack', ext);
    expect(packed.code).toBe(0);
    const [hash, out] = packed.stdout.trim().split(/\s+/);
    expect(hash).toMatch(HASH);
    expect(out).toBe(join(work, 'com.acme.hello-1.2.0.bundle.tar'));
    expect(packed.stderr).toBe('packed 7 files, 8.5 KiB\n'); // no progress line: stderr is not a TTY

    // --out, and the same hash from the same tree
    const again = run(work, 'pack', ext, '--out', 'again.tar');
    expect(again.stdout).toBe(`${hash}  ${join(work, 'again.tar')}\n`);

    const keygen = run(work, 'keygen', '--out', 'keys', '--name', 'acme');
    expect(keygen.code).toBe(0);
    const keyId = /key id\s+(ed25519:[0-9a-f]{32})/.exec(keygen.stdout)?.[1];
    expect(keyId).toBeDefined();
    expect((await stat(join(work, 'keys/acme.key.pem'))).mode & 0o777).toBe(0o600);
    const trust = JSON.parse(await readFile(join(work, 'keys/acme.trust.json'), 'utf8')) as { keys: unknown[] };
    expect(trust.keys).toHaveLength(1);

    const signed = run(work, 'sign', out!, '--key', 'keys/acme.key.pem');
    expect(signed.code).toBe(0);
    expect(signed.stdout).toBe(`signed ${hash} with ${keyId} -> ${out}.sig\n`);
    const signature = JSON.parse(await readFile(`${out}.sig`, 'utf8')) as Record<string, string>;
    expect(signature).toMatchObject({ contentHash: hash, keyId, signer: 'acme' });

    const verified = run(work, 'verify', out!, '--trust', 'keys/acme.trust.json', '--hash', hash!);
    expect(verified).toEqual({ code: 0, stdout: `verified ${hash} signed by "acme" (${keyId})\n`, stderr: '' });

    const inspected = run(work, 'inspect', out!);
    expect(inspected.code).toBe(0);
    expect(inspected.stdout).toContain(`content hash ${hash}`);
    expect(inspected.stdout).toContain(`signer       "acme" (${keyId}), NOT verified (pass --trust)`);
    expect(inspected.stdout).toContain('"name": "com.acme.hello"');
    expect(inspected.stdout).toMatch(/ {2}8 B {2}handler\/handler\.wasm\n/);

    const json = run(work, 'inspect', out!, '--json', '--trust', 'keys/acme.trust.json');
    expect(JSON.parse(json.stdout)).toMatchObject({
      contentHash: hash,
      signer: { keyId, claimed: 'acme', verified: 'acme' },
      manifest: { name: 'com.acme.hello', version: '1.2.0' },
      files: expect.arrayContaining([{ path: 'handler/handler.wasm', size: 8 }]) as unknown,
    });
  });

  it('fails verification of a tampered bundle with one line and exit 1', async () => {
    const work = await tempDir();
    const bundle = join(work, 'b.tar');
    expect(run(work, 'pack', await makeExtension(), '--out', bundle).code).toBe(0);
    run(work, 'keygen', '--out', work, '--name', 'acme');
    run(work, 'sign', bundle, '--key', join(work, 'acme.key.pem'));
    const bytes = await readFile(bundle);
    bytes[700] = bytes[700]! ^ 1;
    await writeFile(bundle, bytes);
    const line = expectOneLineFailure(run(work, 'verify', bundle, '--trust', join(work, 'acme.trust.json')), 'verify');
    expect(line).toMatch(/the bundle was modified after signing \[bundle_hash_mismatch\]$/);
  });

  it('refuses an unsigned bundle and an untrusted signer', async () => {
    const work = await tempDir();
    const bundle = join(work, 'b.tar');
    run(work, 'pack', await makeExtension(), '--out', bundle);
    run(work, 'keygen', '--out', work, '--name', 'acme');
    run(work, 'keygen', '--out', work, '--name', 'other');
    const trust = join(work, 'acme.trust.json');
    let line = expectOneLineFailure(run(work, 'verify', bundle, '--trust', trust), 'verify');
    expect(line).toMatch(/has no signature; sign it with extsys-bundle sign \[bundle_signature_missing\]$/);
    run(work, 'sign', bundle, '--key', join(work, 'other.key.pem'));
    line = expectOneLineFailure(run(work, 'verify', bundle, '--trust', trust), 'verify');
    expect(line).toMatch(/\(claims to be "other"\), which is not in the trust bundle \[bundle_signer_untrusted\]$/);
  });

  it('reports a pack refusal in one line naming the file', async () => {
    const ext = await makeExtension();
    await symlink('/etc/hostname', join(ext, 'ui/host.txt'));
    const line = expectOneLineFailure(run(ext, 'pack', ext), 'pack');
    expect(line).toBe(
      'extsys-bundle pack: ui/host.txt: is a symbolic link; bundles hold only regular files (copy the target in instead) [bundle_invalid]',
    );
  });

  it('reports a multi-problem manifest in one line', async () => {
    const ext = await makeExtension({ manifest: { version: 'x', name: 'Bad Name' } });
    const line = expectOneLineFailure(run(ext, 'pack', ext), 'pack');
    expect(line).toMatch(
      /manifest\.json: name: must be a reverse-domain name .* \(and 1 more problem\) \[manifest_invalid\]$/,
    );
  });

  it('reports usage mistakes and missing files in one line', async () => {
    const work = await tempDir();
    expectOneLineFailure(run(work, 'verify', 'missing.tar', '--trust'), 'verify', 2);
    expectOneLineFailure(run(work, 'sign', 'a.tar'), 'sign', 2);
    const line = expectOneLineFailure(run(work, 'inspect', 'missing.tar'), 'inspect');
    expect(line).toBe(`extsys-bundle inspect: cannot read bundle missing.tar: no such file [bundle_not_found]`);
    const unknown = run(work, 'publish');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('extsys-bundle: unknown command "publish"; run "extsys-bundle help"\n');
  });

  it('refuses to overwrite an existing key', async () => {
    const work = await tempDir();
    expect(run(work, 'keygen', '--out', work).code).toBe(0);
    const line = expectOneLineFailure(run(work, 'keygen', '--out', work), 'keygen');
    expect(line).toBe(
      `extsys-bundle keygen: ${join(work, 'signer.key.pem')} already exists; refusing to overwrite a key [conflict]`,
    );
  });
});
