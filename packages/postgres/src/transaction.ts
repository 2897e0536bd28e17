import type { PostgresClient, PostgresPool } from './pool.js';

/**
 * Runs `work` in one transaction on one connection: everything it writes commits together, or
 * nothing does (any throw rolls back, and the error is rethrown).
 */
export async function inTransaction<T>(pool: PostgresPool, work: (client: PostgresClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    try {
      await client.query('ROLLBACK');
    } catch {
      broken = true; // the connection died: do not give it back to the pool
    }
    throw error;
  } finally {
    client.release(broken);
  }
}

/** A unique or primary-key constraint refused the write (SQLSTATE 23505). */
export const isUniqueViolation = (error: unknown): boolean => (error as { code?: unknown })?.code === '23505';

/**
 * A transaction-scoped lock on `name` (released at COMMIT or ROLLBACK): writers of one name take
 * turns across every process sharing the database.
 */
export async function lockForTransaction(client: PostgresClient, name: string): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [name]);
}
