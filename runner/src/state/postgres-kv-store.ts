import { inTransaction, lockForTransaction, type PostgresClient, type PostgresPool } from '@extsys/postgres';
import {
  DEFAULT_KV_QUOTAS,
  KvCommitConflict,
  checkKvQuota,
  checkKvSizes,
  type KvItem,
  type KvQuotas,
  type KvStore,
  type KvUsage,
  type KvWrite,
} from './kv-store.js';

interface Row {
  key: Buffer;
  value: Buffer;
  revision: string;
}

const utf8 = (text: string) => Buffer.from(text, 'utf8');
const item = (row: Row): KvItem => ({
  key: row.key.toString('utf8'),
  value: row.value.toString('utf8'),
  revision: Number(row.revision),
});

/** The advisory lock of a namespace: its writers take turns across every replica on the database. */
export const kvLockName = (ns: string) => `kv:${ns}`;

/**
 * The KV store in PostgreSQL (see KvStore), shared by every runner replica on the database. Reads
 * are single statements on the pool; a commit (`applyIn`) runs in the caller's transaction under
 * the namespace's advisory lock, so its revision checks, its quota check and its writes are one
 * step for every replica: two runners writing one key never both win.
 */
export class PostgresKvStore implements KvStore {
  constructor(
    private readonly pool: PostgresPool,
    readonly quotas: KvQuotas = DEFAULT_KV_QUOTAS,
  ) {}

  async get(ns: string, key: string): Promise<KvItem | null> {
    const { rows } = await this.pool.query<Row>('SELECT key, value, revision FROM kv WHERE ns = $1 AND key = $2', [
      ns,
      utf8(key),
    ]);
    return rows[0] ? item(rows[0]) : null;
  }

  async scan(ns: string, prefix: string, cursor: string, count: number): Promise<KvItem[]> {
    const { rows } = await this.pool.query<Row>(
      'SELECT key, value, revision FROM kv WHERE ns = $1 AND key >= $2 AND key < $3 AND key > $4 ORDER BY key LIMIT $5',
      [ns, utf8(prefix), utf8(`${prefix}\u{10FFFF}`), utf8(cursor), count],
    );
    return rows.map(item);
  }

  async usage(ns: string): Promise<KvUsage> {
    return usageOf(this.pool, ns);
  }

  /**
   * Applies one call's writes inside the caller's transaction (with the idempotency record, when
   * the call has a key): a KvCommitConflict or a KvError thrown here rolls back all of it.
   */
  async applyIn(client: PostgresClient, ns: string, writes: readonly KvWrite[]): Promise<void> {
    if (writes.length === 0) return;
    await lockForTransaction(client, kvLockName(ns));
    const before = await usageOf(client, ns);
    const keys = writes.map((write) => utf8(write.key));
    const { rows } = await client.query<{ key: Buffer; revision: string; bytes: number }>(
      'SELECT key, revision, octet_length(key) + octet_length(value) AS bytes FROM kv WHERE ns = $1 AND key = ANY($2::bytea[])',
      [ns, keys],
    );
    const stored = new Map(rows.map((row) => [row.key.toString('utf8'), row]));
    const after = { ...before };
    for (const write of writes) {
      const current = stored.get(write.key);
      if (Number(current?.revision ?? 0) !== write.baseRevision) throw new KvCommitConflict(write.key);
      after.keys += (write.value === null ? 0 : 1) - (current ? 1 : 0);
      after.bytes +=
        (write.value === null ? 0 : Buffer.byteLength(write.key) + Buffer.byteLength(write.value)) -
        (current?.bytes ?? 0);
    }
    checkKvQuota(this.quotas, before, after);
    const puts = writes.filter((write) => write.value !== null);
    const deletes = writes.filter((write) => write.value === null);
    if (puts.length > 0) {
      await client.query(
        `INSERT INTO kv (ns, key, value, revision)
         SELECT $1, w.key, w.value, w.revision FROM unnest($2::bytea[], $3::bytea[], $4::bigint[]) AS w(key, value, revision)
         ON CONFLICT (ns, key) DO UPDATE SET value = excluded.value, revision = excluded.revision`,
        [
          ns,
          puts.map((write) => utf8(write.key)),
          puts.map((write) => utf8(write.value as string)),
          puts.map((write) => write.revision),
        ],
      );
    }
    if (deletes.length > 0) {
      await client.query('DELETE FROM kv WHERE ns = $1 AND key = ANY($2::bytea[])', [
        ns,
        deletes.map((write) => utf8(write.key)),
      ]);
    }
  }

  async put(ns: string, key: string, value: string): Promise<number> {
    checkKvSizes(this.quotas, key, value);
    return inTransaction(this.pool, async (client) => {
      // Taken before the read: the revision read is the one the write replaces (applyIn takes it again).
      await lockForTransaction(client, kvLockName(ns));
      const { rows } = await client.query<{ revision: string }>('SELECT revision FROM kv WHERE ns = $1 AND key = $2', [
        ns,
        utf8(key),
      ]);
      const current = Number(rows[0]?.revision ?? 0);
      await this.applyIn(client, ns, [{ key, value, revision: current + 1, baseRevision: current }]);
      return current + 1;
    });
  }
}

async function usageOf(queryable: Pick<PostgresPool, 'query'>, ns: string): Promise<KvUsage> {
  const { rows } = await queryable.query<{ keys: string; bytes: string }>(
    'SELECT count(*) AS keys, coalesce(sum(octet_length(key) + octet_length(value)), 0) AS bytes FROM kv WHERE ns = $1',
    [ns],
  );
  return { keys: Number(rows[0]?.keys ?? 0), bytes: Number(rows[0]?.bytes ?? 0) };
}
