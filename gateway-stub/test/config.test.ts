// The gateway's settings: each environment variable is described in the schema itself, for the
// documentation's settings page (a variable without a description fails the docs build).
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { GatewayEnv, loadConfig } from '../src/config.js';

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
    });
    expect(() => loadConfig({})).toThrow(/RUNNER_SERVICE_TOKEN/);
    expect(() => loadConfig({ RUNNER_SERVICE_TOKEN: SERVICE_TOKEN, EXT_TOKEN_TTL_SECONDS: '601' })).toThrow(
      /at most 600/,
    );
  });
});
