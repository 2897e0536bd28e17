// The gateway's settings: each environment variable is described in the schema itself, for the
// documentation's settings page (a variable without a description fails the docs build).
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '@extsys/postgres/testing';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { GatewayEnv, loadConfig } from '../src/config.js';
import { createGateway } from '../src/server.js';

const SERVICE_TOKEN = 'x'.repeat(32);

describe('GatewayEnv', () => {
  it.each(Object.keys(GatewayEnv.def.shape))('describes %s, saying what leaving it unset does', (name) => {
    const schema = GatewayEnv.def.shape[name as keyof typeof GatewayEnv.def.shape];
    const description = z.globalRegistry.get(schema)?.description;
    expect(typeof description === 'string' ? description.trim() : '', name).not.toBe('');
    expect(description, name).toMatch(/\bunset\b/i);
    expect(description, name).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)|\.\.\/|DESIGN\.md/);
  });

  it('still reads an environment with only the service token as the documented defaults', () => {
    expect(loadConfig({ RUNNER_SERVICE_TOKEN: SERVICE_TOKEN })).toMatchObject({
      host: '0.0.0.0',
      port: 8081,
      runnerUrl: 'http://127.0.0.1:8080',
      issuer: 'http://127.0.0.1:8081',
      tokenTtlSeconds: 300,
      timeoutMs: 10_000,
      maxBodyBytes: 1024 * 1024,
      rateLimit: { capacity: 60, refillPerSecond: 20 },
      adminToken: undefined,
      secureCookies: false,
      devEvents: false,
      logStreams: { perCredential: 4, maxStreams: 64, eventsPerSecond: 100 },
      databaseUrl: undefined,
      tokenSigningKey: undefined,
    });
    expect(() => loadConfig({})).toThrow(/RUNNER_SERVICE_TOKEN/);
    expect(() => loadConfig({ RUNNER_SERVICE_TOKEN: SERVICE_TOKEN, EXT_TOKEN_TTL_SECONDS: '601' })).toThrow(
      /at most 600/,
    );
  });
});

describe('DATABASE_URL and the shared signing key', () => {
  const base = { RUNNER_SERVICE_TOKEN: SERVICE_TOKEN };

  it('takes a postgres:// or postgresql:// URL, and refuses anything else without showing it', () => {
    for (const url of ['postgres://gw:pw@db:5432/extsys', 'postgresql://db/extsys']) {
      expect(loadConfig({ ...base, DATABASE_URL: url }).databaseUrl).toBe(url);
    }
    for (const url of ['mysql://gw:hunter2@db/extsys', 'db:5432', './registry.sqlite']) {
      let message = '';
      try {
        loadConfig({ ...base, DATABASE_URL: url });
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toMatch(/DATABASE_URL must be a PostgreSQL URL \(postgres:\/\/user:password@host:5432\/database/);
      expect(message).not.toContain('hunter2');
    }
  });

  it('reads the signing key from TOKEN_SIGNING_KEY or its file, not both', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'extsys-gateway-config-'));
    const file = join(dir, 'key.json');
    await writeFile(file, '{"kty":"OKP"}');
    expect(loadConfig({ ...base, TOKEN_SIGNING_KEY: '{"a":1}' }).tokenSigningKey).toBe('{"a":1}');
    expect(loadConfig({ ...base, TOKEN_SIGNING_KEY_FILE: file }).tokenSigningKey).toBe('{"kty":"OKP"}');
    expect(() => loadConfig({ ...base, TOKEN_SIGNING_KEY: '{}', TOKEN_SIGNING_KEY_FILE: file })).toThrow(
      /set TOKEN_SIGNING_KEY or TOKEN_SIGNING_KEY_FILE, not both/,
    );
    expect(() => loadConfig({ ...base, TOKEN_SIGNING_KEY_FILE: join(dir, 'missing.json') })).toThrow(
      /TOKEN_SIGNING_KEY_FILE .*missing\.json cannot be read/,
    );
  });

  it('refuses to start with a signing key that is not a private Ed25519 JWK, never quoting it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'extsys-gateway-key-'));
    const start = (key: string) =>
      createGateway(loadConfig({ ...base, LOG_LEVEL: 'silent', GATEWAY_DATA_DIR: dir, TOKEN_SIGNING_KEY: key })).then(
        () => '',
        (error: unknown) => (error as Error).message,
      );
    expect(await start('not json s3cret')).toMatch(/TOKEN_SIGNING_KEY is not JSON; it must be a private Ed25519 JWK/);
    expect(await start('not json s3cret')).not.toContain('s3cret');
    expect(await start('{"kty":"OKP","crv":"Ed25519","x":"abc"}')).toMatch(/with its "d" \(it signs tokens\)/);
    expect(await start('{"kty":"RSA","d":"s3cret"}')).toMatch(/TOKEN_SIGNING_KEY is unusable: .*not an Ed25519 JWK/);
  });

  it('fails to start, naming the database without its password, when DATABASE_URL cannot be reached', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'extsys-gateway-db-'));
    const url = `postgres://gw:hunter2@127.0.0.1:${await freePort()}/extsys`;
    const failed = await createGateway(
      loadConfig({ ...base, LOG_LEVEL: 'silent', GATEWAY_DATA_DIR: dir, DATABASE_URL: url }),
    ).then(
      () => '',
      (error: unknown) => (error as Error).message,
    );
    expect(failed).toMatch(
      /the gateway's database \(DATABASE_URL postgres:\/\/gw:\*\*\*@127\.0\.0\.1:\d+\/extsys\) cannot be used: /,
    );
    expect(failed).not.toContain('hunter2');
  });

  it('starts with a key from `extsys-gateway signing-key` (the built CLI)', async () => {
    const cli = resolve(import.meta.dirname, '../dist/cli.js');
    const { stdout } = await promisify(execFile)(process.execPath, [cli, 'signing-key']);
    const key = JSON.parse(stdout) as Record<string, unknown>;
    expect(key).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA' });
    expect(typeof key.d).toBe('string');
    const dir = await mkdtemp(join(tmpdir(), 'extsys-gateway-cli-key-'));
    const gateway = await createGateway(
      loadConfig({ ...base, LOG_LEVEL: 'silent', GATEWAY_DATA_DIR: dir, TOKEN_SIGNING_KEY: stdout.trim() }),
    );
    try {
      const { d: _private, ...publicHalf } = JSON.parse(stdout) as Record<string, string>;
      expect(gateway.tokens.jwks().keys).toEqual([expect.objectContaining({ x: publicHalf.x, kid: publicHalf.kid })]);
    } finally {
      await gateway.app.close();
    }
  });
});
