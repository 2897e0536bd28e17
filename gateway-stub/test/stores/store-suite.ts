// The one suite every implementation of the gateway's stores passes (SQLite + memory, PostgreSQL):
// written once, run by stores.test.ts for each. "a" and "b" below are two gateway processes where
// there can be two (PostgreSQL: two pools on one database), and one process twice on SQLite.
import type { Manifest } from '@extsys/protocol';
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../src/errors.js';
import type { GatewayStores } from '../../src/state/gateway-stores.js';
import type { LoginLimitOptions } from '../../src/state/login-attempt-store.js';
import { publisherTokenHash } from '../../src/state/publisher-store.js';
import type { Install } from '../../src/state/registry-store.js';

export interface StoreOptions {
  loginLimits: LoginLimitOptions;
  rateLimit: { capacity: number; refillPerSecond: number };
  rateLimitClock: () => number;
}

export interface StoreFactory {
  /**
   * Two gateway processes' stores over one fresh database (closed by the suite): on SQLite the
   * same instance twice (one process owns the file), on PostgreSQL two pools, as two replicas.
   */
  open(options: StoreOptions): Promise<[GatewayStores, GatewayStores]>;
}

const hash = (c: string) => `sha256:${c.repeat(64)}` as const;
const manifest = (name: string, version: string): Manifest => ({
  manifestVersion: 2,
  name,
  publisher: 'Acme',
  version,
  runtime: 'wasm@1',
  capabilities: ['storage.kv'],
});
const version = (name: string, v: string, c: string) => ({
  extensionId: name,
  version: v,
  contentHash: hash(c),
  uiHash: null,
  manifest: manifest(name, v),
  signer: 'release',
});
const newInstall = (tenantId: string, extensionId: string, c: string): Omit<Install, 'id' | 'updatedAt'> => ({
  tenantId,
  extensionId,
  version: '1.0.0',
  contentHash: hash(c),
  enabled: true,
  grants: ['storage.kv'],
  config: { greeting: 'hi', n: 2, on: true },
  secrets: { apiKey: 's3cret' },
  egress: ['https://api.example.com'],
});

async function refusal(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GatewayError);
  return error as GatewayError;
}

/** Registers the suite's tests (inside the caller's describe, which names the implementation). */
export function storeSuite(factory: StoreFactory): void {
  let now = Date.UTC(2026, 0, 1);
  const options: StoreOptions = {
    loginLimits: {
      maxFailuresPerUser: 5,
      maxFailuresPerClient: 20,
      windowMs: 60_000,
      maxKeys: 10_000,
      now: () => now,
    },
    rateLimit: { capacity: 3, refillPerSecond: 1 },
    rateLimitClock: () => now,
  };
  const opened: GatewayStores[] = [];
  /** Two processes' stores ("replicas" a and b), closed after the test. */
  async function replicas(): Promise<[GatewayStores, GatewayStores]> {
    const [a, b] = await factory.open(options);
    opened.push(a, b);
    return [a, b];
  }
  const closeAll = async () => {
    for (const stores of new Set(opened.splice(0))) await stores.close();
  };

  describe('registry: versions', () => {
    it('publishes a version once; the same version with other bytes, or the same bytes as another version, is a version_conflict', async () => {
      try {
        const [a, b] = await replicas();
        const first = await a.registry.publish(version('com.acme.one', '1.0.0', 'a'));
        expect(first.created).toBe(true);
        expect(first.version).toMatchObject({ extensionId: 'com.acme.one', version: '1.0.0', contentHash: hash('a') });
        // Again, from the other process: the same, not created.
        const again = await b.registry.publish(version('com.acme.one', '1.0.0', 'a'));
        expect(again).toEqual({ version: first.version, created: false });
        const other = await refusal(b.registry.publish(version('com.acme.one', '1.0.0', 'b')));
        expect(other).toMatchObject({ code: 'version_conflict' });
        expect(other.message).toMatch(/already published as sha256:a+; versions are immutable/);
        const sameBytes = await refusal(a.registry.publish(version('com.acme.one', '1.0.1', 'a')));
        expect(sameBytes).toMatchObject({ code: 'version_conflict' });
        expect(sameBytes.message).toMatch(/already published under another version/);
        await a.registry.publish(version('com.acme.one', '1.1.0', 'c'));
        await a.registry.publish(version('com.acme.Zed', '1.0.0', 'd'));

        expect(await b.registry.version('com.acme.one', '1.0.0')).toEqual(first.version);
        expect(await b.registry.version('com.acme.one', '9.9.9')).toBeUndefined();
        expect(await b.registry.versionByHash(hash('c'))).toMatchObject({ version: '1.1.0' });
        expect(await b.registry.versionByHash(hash('e'))).toBeUndefined();
        // Manifests come back as published; listed by extension id (byte order), then publication.
        expect((await b.registry.version('com.acme.one', '1.1.0'))?.manifest).toEqual(
          manifest('com.acme.one', '1.1.0'),
        );
        expect((await b.registry.versions()).map((v) => `${v.extensionId}@${v.version}`)).toEqual([
          'com.acme.Zed@1.0.0',
          'com.acme.one@1.0.0',
          'com.acme.one@1.1.0',
        ]);
      } finally {
        await closeAll();
      }
    });

    it('creates a version once when two processes publish it at once', async () => {
      try {
        const [a, b] = await replicas();
        const results = await Promise.all(
          Array.from({ length: 6 }, (_, i) => (i % 2 ? a : b).registry.publish(version('com.acme.race', '1.0.0', 'f'))),
        );
        expect(results.filter((result) => result.created)).toHaveLength(1);
        expect(new Set(results.map((result) => result.version.contentHash))).toEqual(new Set([hash('f')]));
      } finally {
        await closeAll();
      }
    });
  });

  describe('registry: installs', () => {
    it('creates one install per tenant and extension, finds it, lists a tenant’s, and keeps every field', async () => {
      try {
        const [a, b] = await replicas();
        const created = await a.registry.createInstall(newInstall('acme', 'com.acme.inst', 'a'));
        expect(created.id).toMatch(/^inst_/);
        expect(await b.registry.install(created.id)).toEqual(created);
        expect(await b.registry.installFor('acme', 'com.acme.inst')).toEqual(created);
        expect(await b.registry.installFor('globex', 'com.acme.inst')).toBeUndefined();
        expect(await b.registry.install('inst_nope')).toBeUndefined();
        const taken = await refusal(b.registry.createInstall(newInstall('acme', 'com.acme.inst', 'b')));
        expect(taken).toMatchObject({ code: 'conflict' });
        expect(taken.message).toMatch(/already installed for tenant acme; PATCH that install/);
        await a.registry.createInstall(newInstall('globex', 'com.acme.inst', 'a'));
        await a.registry.createInstall(newInstall('acme', 'com.acme.Another', 'a'));
        expect((await b.registry.installs('acme')).map((i) => i.extensionId)).toEqual([
          'com.acme.Another',
          'com.acme.inst',
        ]);
        expect((await b.registry.installs()).map((i) => `${i.tenantId}/${i.extensionId}`)).toEqual([
          'acme/com.acme.Another',
          'acme/com.acme.inst',
          'globex/com.acme.inst',
        ]);
      } finally {
        await closeAll();
      }
    });

    it('changes an install from what is stored; a refused change writes nothing; an unknown id is install_not_found', async () => {
      try {
        const [a, b] = await replicas();
        const created = await a.registry.createInstall(newInstall('acme', 'com.acme.change', 'a'));
        const disabled = await b.registry.updateInstall(created.id, (current) => {
          expect(current).toEqual(created);
          return { enabled: false, config: { greeting: 'hello' } };
        });
        expect(disabled).toMatchObject({
          enabled: false,
          config: { greeting: 'hello' },
          secrets: { apiKey: 's3cret' },
        });
        // The other process sees it at once (nothing cached below the registry).
        expect(await a.registry.installFor('acme', 'com.acme.change')).toEqual(disabled);
        const refused = b.registry.updateInstall(created.id, () => {
          throw new GatewayError('validation_failed', 'no');
        });
        expect(await refusal(refused)).toMatchObject({ code: 'validation_failed' });
        expect(await a.registry.install(created.id)).toEqual(disabled);
        expect(await refusal(a.registry.updateInstall('inst_nope', () => ({})))).toMatchObject({
          code: 'install_not_found',
        });
      } finally {
        await closeAll();
      }
    });

    it('applies changes of one install from two processes at once one after the other (none undoes another)', async () => {
      try {
        const [a, b] = await replicas();
        const created = await a.registry.createInstall({
          ...newInstall('acme', 'com.acme.counter', 'a'),
          config: { n: 0 },
        });
        // Each change adds one to what it reads: a lost update would leave fewer than 20.
        await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            (i % 2 ? a : b).registry.updateInstall(created.id, async (current) => {
              await new Promise((resolve) => setImmediate(resolve)); // others get a chance to interleave
              return { config: { n: Number(current.config.n) + 1 } };
            }),
          ),
        );
        expect((await a.registry.install(created.id))?.config).toEqual({ n: 20 });
      } finally {
        await closeAll();
      }
    });
  });

  describe('sessions', () => {
    it('answers a session’s user on every process until it expires or is deleted', async () => {
      try {
        const [a, b] = await replicas();
        const id = await a.sessions.create('alice', 60_000);
        expect(id).toMatch(/^[\w-]{32}$/);
        expect(await b.sessions.user(id)).toBe('alice');
        expect(await b.sessions.user('not-a-session')).toBeUndefined();
        const expired = await a.sessions.create('bob', 0);
        expect(await b.sessions.user(expired)).toBeUndefined();
        await b.sessions.delete(id);
        expect(await a.sessions.user(id)).toBeUndefined();
        await a.sessions.delete(id); // twice is fine
      } finally {
        await closeAll();
      }
    });
  });

  describe('publishers', () => {
    it('finds a publisher by its token (stored only hashed), lists them, and revokes one', async () => {
      try {
        const [a, b] = await replicas();
        const { publisher, token } = await a.publishers.create('Acme', ['com.acme.*']);
        expect(token).toMatch(/^extpub_[\w-]{43}$/);
        expect(await b.publishers.byToken(token)).toEqual(publisher);
        expect(await b.publishers.byToken(publisherTokenHash(token))).toBeUndefined();
        expect(await b.publishers.byToken('extpub_nope')).toBeUndefined();
        const second = await b.publishers.create('Globex', ['com.globex.app']);
        expect((await a.publishers.list()).map((p) => p.id).sort()).toEqual([publisher.id, second.publisher.id].sort());
        expect(await b.publishers.delete(publisher.id)).toBe(true);
        expect(await a.publishers.delete(publisher.id)).toBe(false);
        expect(await a.publishers.byToken(token)).toBeUndefined();
      } finally {
        await closeAll();
      }
    });
  });

  describe('view states', () => {
    it('keeps one state per user × tenant × install × entry point × route, replaces and clears it', async () => {
      try {
        const [a, b] = await replicas();
        const key = { userId: 'alice', tenantId: 'acme', installId: 'inst_1', entryPoint: 'main', route: '' };
        expect(await a.viewStates.get(key)).toBeUndefined();
        await a.viewStates.set(key, { version: 1, value: { tab: 'é' } });
        expect(await b.viewStates.get(key)).toEqual({ version: 1, value: { tab: 'é' } });
        await b.viewStates.set(key, { version: 2, value: [1, 2] });
        expect(await a.viewStates.get(key)).toEqual({ version: 2, value: [1, 2] });
        for (const other of [
          { ...key, userId: 'bob' },
          { ...key, tenantId: 'globex' },
          { ...key, installId: 'inst_2' },
          { ...key, entryPoint: 'panel' },
          { ...key, route: '/x' },
        ]) {
          expect(await a.viewStates.get(other)).toBeUndefined();
        }
        await a.viewStates.set(key, null);
        expect(await b.viewStates.get(key)).toBeUndefined();
        await a.viewStates.set(key, null); // clearing nothing is fine
      } finally {
        await closeAll();
      }
    });
  });

  describe('failed logins', () => {
    it('refuses a user id after 5 failures for the rest of the window, and a success clears them', async () => {
      try {
        const [a, b] = await replicas();
        for (let i = 0; i < 5; i++)
          expect((await (i % 2 ? a : b).loginAttempts.begin('u-limit', `10.1.0.${i}`)).ok).toBe(true);
        expect(await a.loginAttempts.begin('u-limit', '10.1.1.1')).toEqual({
          ok: false,
          scope: 'user',
          retryAfterSeconds: 60,
        });
        now += 45_000;
        expect(await b.loginAttempts.begin('u-limit', '10.1.1.1')).toEqual({
          ok: false,
          scope: 'user',
          retryAfterSeconds: 15,
        });
        now += 15_001;
        const allowed = await b.loginAttempts.begin('u-limit', '10.1.1.1');
        expect(allowed.ok).toBe(true);
        // Four more failures, then the success of the one let in above clears the user's count.
        for (let i = 0; i < 4; i++) await a.loginAttempts.begin('u-limit', '10.1.1.2');
        if (allowed.ok) await b.loginAttempts.succeeded(allowed.attempt, 'u-limit', '10.1.1.1');
        for (let i = 0; i < 5; i++) expect((await a.loginAttempts.begin('u-limit', '10.1.1.3')).ok).toBe(true);
        expect((await b.loginAttempts.begin('u-limit', '10.1.1.3')).ok).toBe(false);
        now += 60_001;
      } finally {
        await closeAll();
      }
    });

    it('is a sliding window: an old failure leaves it, recent ones stay', async () => {
      try {
        const [a, b] = await replicas();
        expect((await a.loginAttempts.begin('u-slide', '10.2.0.1')).ok).toBe(true);
        now += 50_000;
        for (let i = 0; i < 4; i++) expect((await b.loginAttempts.begin('u-slide', '10.2.0.1')).ok).toBe(true);
        expect((await a.loginAttempts.begin('u-slide', '10.2.0.1')).ok).toBe(false);
        now += 10_001; // the first failure has left the window: 4 remain
        expect((await a.loginAttempts.begin('u-slide', '10.2.0.1')).ok).toBe(true);
        expect(await b.loginAttempts.begin('u-slide', '10.2.0.1')).toEqual({
          ok: false,
          scope: 'user',
          retryAfterSeconds: 50,
        });
        now += 60_001;
      } finally {
        await closeAll();
      }
    });

    it('refuses an address after 20 failures across user ids; a success elsewhere does not free it', async () => {
      try {
        const [a, b] = await replicas();
        for (let i = 0; i < 20; i++)
          expect((await (i % 2 ? a : b).loginAttempts.begin(`spray-${i}`, '10.3.0.1')).ok).toBe(true);
        expect(await a.loginAttempts.begin('carol', '10.3.0.1')).toEqual({
          ok: false,
          scope: 'client',
          retryAfterSeconds: 60,
        });
        const elsewhere = await b.loginAttempts.begin('carol', '10.3.0.2');
        expect(elsewhere.ok).toBe(true);
        if (elsewhere.ok) await b.loginAttempts.succeeded(elsewhere.attempt, 'carol', '10.3.0.2');
        expect((await a.loginAttempts.begin('carol', '10.3.0.1')).ok).toBe(false);
        // A success from the address itself does not count as a failure of it, nor free it.
        now += 60_001;
        const right = await a.loginAttempts.begin('dave', '10.3.0.1');
        if (right.ok) await a.loginAttempts.succeeded(right.attempt, 'dave', '10.3.0.1');
        for (let i = 0; i < 20; i++) expect((await b.loginAttempts.begin(`spray2-${i}`, '10.3.0.1')).ok).toBe(true);
        expect((await a.loginAttempts.begin('erin', '10.3.0.1')).ok).toBe(false);
        now += 60_001;
      } finally {
        await closeAll();
      }
    });

    it('lets exactly 5 of 30 simultaneous guesses for one user id in, whichever process they reach', async () => {
      try {
        const [a, b] = await replicas();
        const results = await Promise.all(
          Array.from({ length: 30 }, (_, i) => (i % 2 ? a : b).loginAttempts.begin('u-race', `10.4.0.${i}`)),
        );
        expect(results.filter((result) => result.ok)).toHaveLength(5);
        now += 60_001;
      } finally {
        await closeAll();
      }
    });
  });

  describe('call rate limit', () => {
    it('holds one token bucket per key across processes: the burst, then the refill rate', async () => {
      try {
        const [a, b] = await replicas();
        const takes = async (n: number) => {
          const out: boolean[] = [];
          for (let i = 0; i < n; i++) out.push((await (i % 2 ? a : b).rateLimit.take('acme\u0000com.acme.rl')).ok);
          return out;
        };
        expect(await takes(3)).toEqual([true, true, true]);
        expect(await a.rateLimit.take('acme\u0000com.acme.rl')).toEqual({ ok: false, retryAfterSeconds: 1 });
        expect((await b.rateLimit.take('globex\u0000com.acme.rl')).ok).toBe(true); // another key
        now += 1000;
        expect(await takes(2)).toEqual([true, false]);
        now += 10_000; // refilled to the burst, not past it
        expect(await takes(4)).toEqual([true, true, true, false]);
      } finally {
        await closeAll();
      }
    });

    it('grants exactly the burst to 40 simultaneous calls, whichever process they reach', async () => {
      try {
        const [a, b] = await replicas();
        now += 60_000;
        const results = await Promise.all(
          Array.from({ length: 40 }, async (_, i) => (i % 2 ? a : b).rateLimit.take('acme\u0000com.acme.burst')),
        );
        expect(results.filter((result) => result.ok)).toHaveLength(3);
      } finally {
        await closeAll();
      }
    });
  });
}
