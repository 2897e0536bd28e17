import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  inTransaction,
  isUniqueViolation,
  lockForTransaction,
  migrate,
  openPool,
  redactDatabaseUrl,
  type PostgresPool,
} from '../src/index.js';
import { createTestDatabase, testPostgres } from '../src/testing/index.js';

const server = testPostgres();
const skip = 'unavailable' in server ? server.unavailable : undefined;

describe.skipIf(skip !== undefined)(`PostgreSQL helpers${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let pool: PostgresPool;
  beforeAll(async () => {
    database = await createTestDatabase((server as { url: string }).url);
    pool = openPool(database.url, { max: 6 });
  });
  afterAll(async () => {
    await pool?.end();
    await database?.drop();
  });

  const migrations = [
    { version: 1, description: 'items', sql: 'CREATE TABLE items (id TEXT PRIMARY KEY, n INTEGER NOT NULL)' },
    { version: 2, description: 'items.note', sql: 'ALTER TABLE items ADD COLUMN note TEXT' },
  ];

  it('applies migrations once when several processes start at once, and refuses a newer database', async () => {
    // Separate pools stand for separate replicas: each has its own connections.
    const replicas = [
      openPool(database.url, { max: 2 }),
      openPool(database.url, { max: 2 }),
      openPool(database.url, { max: 2 }),
    ];
    const applied = await Promise.all(replicas.map((replica) => migrate(replica, 'test', migrations)));
    expect(applied.flat().sort()).toEqual([1, 2]);
    expect(await migrate(pool, 'test', migrations)).toEqual([]);
    await expect(migrate(pool, 'test', migrations.slice(0, 1))).rejects.toThrow(
      /migration 2, newer than this release knows \(1\)/,
    );
    await expect(migrate(pool, 'other', [{ ...migrations[0]!, version: 2 }])).rejects.toThrow(/has version 2/);
    await Promise.all(replicas.map((replica) => replica.end()));
  });

  it('commits a transaction whole or not at all', async () => {
    await inTransaction(pool, async (client) => {
      await client.query("INSERT INTO items (id, n) VALUES ('a', 1), ('b', 2)");
    });
    const failed = inTransaction(pool, async (client) => {
      await client.query("INSERT INTO items (id, n) VALUES ('c', 3)");
      await client.query("INSERT INTO items (id, n) VALUES ('a', 9)");
    });
    await expect(failed).rejects.toSatisfy(isUniqueViolation);
    const { rows } = await pool.query<{ id: string }>('SELECT id FROM items ORDER BY id');
    expect(rows.map((row) => row.id)).toEqual(['a', 'b']); // 'c' rolled back with the conflict
  });

  it('serialises read-modify-write under a transaction lock across connections', async () => {
    await pool.query("INSERT INTO items (id, n) VALUES ('counter', 0)");
    await Promise.all(
      Array.from({ length: 40 }, () =>
        inTransaction(pool, async (client) => {
          await lockForTransaction(client, 'items:counter');
          const { rows } = await client.query<{ n: number }>("SELECT n FROM items WHERE id = 'counter'");
          await client.query("UPDATE items SET n = $1 WHERE id = 'counter'", [rows[0]!.n + 1]);
        }),
      ),
    );
    const { rows } = await pool.query<{ n: number }>("SELECT n FROM items WHERE id = 'counter'");
    expect(rows[0]!.n).toBe(40);
  });
});

describe('database URLs', () => {
  it('never shows a password', () => {
    expect(redactDatabaseUrl('postgres://app:s3cret@db:5432/extsys')).toBe('postgres://app:***@db:5432/extsys');
    expect(redactDatabaseUrl('not a url')).not.toContain('not a url');
  });
});
