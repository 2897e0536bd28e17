// The gateway's stores: the same suite (stores/store-suite.ts) on SQLite + memory and on PostgreSQL.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, testPostgres } from '@extsys/postgres/testing';
import { describe, expect, it } from 'vitest';
import { openPostgresStores } from '../src/state/postgres-stores.js';
import { openSqliteStores } from '../src/state/sqlite-stores.js';
import { storeSuite } from './stores/store-suite.js';

describe('stores on SQLite and in memory (one process)', () => {
  storeSuite({
    async open(options) {
      const stores = openSqliteStores(await mkdtemp(join(tmpdir(), 'extsys-gateway-stores-')), options);
      return [stores, stores];
    },
  });
});

const server = testPostgres();
const skip = 'unavailable' in server ? server.unavailable : undefined;

describe.skipIf(skip !== undefined)(`stores on PostgreSQL, two replicas${skip ? ` (skipped: ${skip})` : ''}`, () => {
  storeSuite({
    async open(options) {
      // A fresh database per test; two pools on it, as two gateway processes have, each migrating
      // at start (as replicas starting at once do). The database goes with the second close.
      const database = await createTestDatabase((server as { url: string }).url);
      const [a, b] = await Promise.all([
        openPostgresStores(database.url, options),
        openPostgresStores(database.url, options),
      ]);
      return [
        a,
        {
          ...b,
          close: async () => {
            await b.close();
            await database.drop();
          },
        },
      ];
    },
  });

  it('refuses to start on a database a newer gateway migrated', async () => {
    const database = await createTestDatabase((server as { url: string }).url);
    try {
      const stores = await openPostgresStores(database.url, { rateLimit: { capacity: 1, refillPerSecond: 1 } });
      await stores.close();
      const { openPool } = await import('@extsys/postgres');
      const pool = openPool(database.url);
      await pool.query(
        "INSERT INTO extsys_migrations (component, version, description) VALUES ('gateway', 99, 'from the future')",
      );
      await pool.end();
      await expect(
        openPostgresStores(database.url, { rateLimit: { capacity: 1, refillPerSecond: 1 } }),
      ).rejects.toThrow(/gateway migration 99, newer than this release knows/);
    } finally {
      await database.drop();
    }
  });
});
