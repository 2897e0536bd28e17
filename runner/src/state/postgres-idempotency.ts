import type { PostgresClient, PostgresPool } from '@extsys/postgres';
import { IdempotencyKeyTaken } from './call-commit.js';
import type { IdempotencyRecord, IdempotencyRecords } from './idempotency.js';

interface Row {
  fingerprint: string;
  status: number;
  content_type: string;
  body: Buffer;
}

/** The id's UTF-8: it joins its parts with NUL, which TEXT refuses. */
const idBytes = (id: string) => Buffer.from(id, 'utf8');

/** Idempotency records in PostgreSQL, shared by every runner replica (see IdempotencyRecords). */
export class PostgresIdempotencyRecords implements IdempotencyRecords {
  constructor(private readonly pool: PostgresPool) {}

  async find(id: string, now: number): ReturnType<IdempotencyRecords['find']> {
    const { rows } = await this.pool.query<Row>(
      'SELECT fingerprint, status, content_type, body FROM idempotency WHERE id = $1 AND expires_at > $2',
      [idBytes(id), now],
    );
    const row = rows[0];
    return row
      ? {
          fingerprint: row.fingerprint,
          answer: { status: row.status, contentType: row.content_type, body: new Uint8Array(row.body) },
        }
      : null;
  }

  /**
   * Stores a record in the caller's transaction, replacing an expired one with the same id. A live
   * one (another replica committed the key first; a concurrent insert waits for the other
   * transaction to end) is IdempotencyKeyTaken.
   */
  async insertIn(client: PostgresClient, record: IdempotencyRecord, now: number): Promise<void> {
    const { answer } = record;
    const { rowCount } = await client.query(
      `INSERT INTO idempotency (id, fingerprint, status, content_type, body, expires_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (id) DO UPDATE SET fingerprint = excluded.fingerprint, status = excluded.status,
         content_type = excluded.content_type, body = excluded.body, expires_at = excluded.expires_at
       WHERE idempotency.expires_at <= $7`,
      [
        idBytes(record.id),
        record.fingerprint,
        answer.status,
        answer.contentType,
        Buffer.from(answer.body.buffer, answer.body.byteOffset, answer.body.byteLength),
        record.expiresAt,
        now,
      ],
    );
    if (rowCount === 0) throw new IdempotencyKeyTaken();
  }

  async sweep(now: number, batch: number): Promise<number> {
    const { rowCount } = await this.pool.query(
      'DELETE FROM idempotency WHERE id IN (SELECT id FROM idempotency WHERE expires_at <= $1 LIMIT $2)',
      [now, batch],
    );
    return rowCount ?? 0;
  }
}
