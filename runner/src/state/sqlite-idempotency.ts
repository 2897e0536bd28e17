import { IdempotencyKeyTaken } from './call-commit.js';
import type { IdempotencyRecord, IdempotencyRecords } from './idempotency.js';
import type { SqliteDatabase } from './sqlite-database.js';

interface Row {
  fingerprint: string;
  status: number;
  content_type: string;
  body: Buffer;
}

/** Idempotency records in the runner's SQLite file (see IdempotencyRecords). */
export class SqliteIdempotencyRecords implements IdempotencyRecords {
  private readonly statements;

  constructor(database: SqliteDatabase) {
    const { db } = database;
    this.statements = {
      find: db.prepare<[string, number], Row>(
        'SELECT fingerprint, status, content_type, body FROM idempotency WHERE id = ? AND expires_at > ?',
      ),
      dropExpired: db.prepare('DELETE FROM idempotency WHERE id = ? AND expires_at <= ?'),
      insert: db.prepare(
        'INSERT INTO idempotency (id, fingerprint, status, content_type, body, expires_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING',
      ),
      sweep: db.prepare(
        'DELETE FROM idempotency WHERE id IN (SELECT id FROM idempotency WHERE expires_at <= ? LIMIT ?)',
      ),
    };
  }

  find(id: string, now: number): ReturnType<IdempotencyRecords['find']> {
    const row = this.statements.find.get(id, now);
    return Promise.resolve(
      row
        ? {
            fingerprint: row.fingerprint,
            answer: { status: row.status, contentType: row.content_type, body: new Uint8Array(row.body) },
          }
        : null,
    );
  }

  /**
   * Stores a record; call it inside the transaction that commits the call's writes. A live record
   * with the same id (another process on this file committed the key first) is IdempotencyKeyTaken.
   */
  insert(record: IdempotencyRecord, now: number): void {
    this.statements.dropExpired.run(record.id, now);
    const { answer } = record;
    const { changes } = this.statements.insert.run(
      record.id,
      record.fingerprint,
      answer.status,
      answer.contentType,
      Buffer.from(answer.body.buffer, answer.body.byteOffset, answer.body.byteLength),
      record.expiresAt,
    );
    if (changes === 0) throw new IdempotencyKeyTaken();
  }

  sweep(now: number, batch: number): Promise<number> {
    return Promise.resolve(this.statements.sweep.run(now, batch).changes);
  }
}
