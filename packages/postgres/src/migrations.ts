import type { PostgresPool } from './pool.js';
import { inTransaction, lockForTransaction } from './transaction.js';

/** One step of a component's schema, applied once, in order; never edited once released. */
export interface Migration {
  /** 1, 2, 3…: the position in the component's list. */
  version: number;
  description: string;
  sql: string;
}

/**
 * Brings `component`'s tables (e.g. `runner`, `gateway`) up to its last migration. Runs in one
 * transaction under an advisory lock: when several replicas start at once, one applies the
 * migrations and the others wait, then find them applied. Returns the versions it applied.
 */
export async function migrate(
  pool: PostgresPool,
  component: string,
  migrations: readonly Migration[],
): Promise<number[]> {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(
        `${component} migration ${index + 1} has version ${migration.version}: versions are 1, 2, 3… in order`,
      );
    }
  });
  return inTransaction(pool, async (client) => {
    await lockForTransaction(client, 'extsys:migrations');
    await client.query(`CREATE TABLE IF NOT EXISTS extsys_migrations (
      component TEXT NOT NULL, version INTEGER NOT NULL, description TEXT NOT NULL,
      applied_at TIMESTAMPTZ NOT NULL DEFAULT now(), PRIMARY KEY (component, version))`);
    const { rows } = await client.query<{ version: number }>(
      'SELECT version FROM extsys_migrations WHERE component = $1',
      [component],
    );
    const applied = new Set(rows.map((row) => row.version));
    const newer = [...applied].filter((version) => version > migrations.length);
    if (newer.length > 0) {
      throw new Error(
        `the database holds ${component} migration ${Math.max(...newer)}, newer than this release knows (${migrations.length}): run the newer release, or restore a backup`,
      );
    }
    const done: number[] = [];
    for (const migration of migrations) {
      if (applied.has(migration.version)) continue;
      await client.query(migration.sql);
      await client.query('INSERT INTO extsys_migrations (component, version, description) VALUES ($1, $2, $3)', [
        component,
        migration.version,
        migration.description,
      ]);
      done.push(migration.version);
    }
    return done;
  });
}
