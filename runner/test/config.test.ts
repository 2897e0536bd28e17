// The runner's settings: each environment variable is described in the schema itself, for the
// documentation's settings page (a variable without a description fails the docs build).
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { RunnerEnv, loadConfig } from '../src/config.js';

describe('RunnerEnv', () => {
  it.each(Object.keys(RunnerEnv.def.shape))('describes %s, saying what leaving it unset does', (name) => {
    const schema = RunnerEnv.def.shape[name as keyof typeof RunnerEnv.def.shape];
    const description = z.globalRegistry.get(schema)?.description;
    expect(typeof description === 'string' ? description.trim() : '', name).not.toBe('');
    expect(description, name).toMatch(/\bunset\b/i);
    expect(description, name).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)|\.\.\/|DESIGN\.md/);
  });

  it('still reads an empty environment as the documented defaults', () => {
    const config = loadConfig({ REQUIRE_SIGNATURES: 'false' });
    expect(config).toMatchObject({
      host: '0.0.0.0',
      port: 8080,
      cacheMaxBytes: 1024 ** 3,
      requireSignatures: false,
      frameAncestors: [],
      bundleFetchTimeoutMs: 15_000,
      serviceToken: undefined,
      maxTimeoutMs: 30_000,
      maxMemoryMb: 64,
      egressAllowPrivateNetworks: false,
      logLevel: 'info',
    });
    expect(() => loadConfig({})).toThrow(/SIGNING_TRUST_BUNDLE is not set/);
    expect(() => loadConfig({ REQUIRE_SIGNATURES: 'false', PORT: 'eighty' })).toThrow(/PORT: must be a whole number/);
  });

  it('keeps the state in SQLite unless DATABASE_URL names a PostgreSQL database', () => {
    const base = { REQUIRE_SIGNATURES: 'false' };
    expect(loadConfig(base)).toMatchObject({ databaseUrl: undefined, databasePoolMax: undefined });
    for (const url of ['postgres://runner:pw@db.internal:5432/extsys', 'postgresql://db/extsys?sslmode=require']) {
      expect(loadConfig({ ...base, DATABASE_URL: url, DATABASE_POOL_MAX: '20' })).toMatchObject({
        databaseUrl: url,
        databasePoolMax: 20,
      });
    }
    for (const bad of ['mysql://runner:secret-pw@db/extsys', 'db.internal:5432', 'POSTGRES://db/x']) {
      let message = '';
      try {
        loadConfig({ ...base, DATABASE_URL: bad });
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message, bad).toMatch(/^runner configuration: DATABASE_URL must be a PostgreSQL URL/);
      expect(message, bad).not.toContain('secret-pw');
    }
    expect(() => loadConfig({ ...base, DATABASE_POOL_MAX: '0' })).toThrow(/DATABASE_POOL_MAX must be at least 1/);
    expect(() => loadConfig({ ...base, DATABASE_POOL_MAX: 'many' })).toThrow(
      /DATABASE_POOL_MAX: must be a whole number/,
    );
  });
});
