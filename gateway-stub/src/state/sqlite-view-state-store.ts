import type Database from 'better-sqlite3';
import type { ViewState } from '@extsys/protocol';
import { keyColumns, stateText, type ViewStateKey, type ViewStateStore } from './view-state-store.js';

const WHERE = 'user_id = ? AND tenant_id = ? AND install_id = ? AND entry_point = ? AND route = ?';

export class SqliteViewStateStore implements ViewStateStore {
  constructor(private readonly db: Database.Database) {}

  async get(key: ViewStateKey): Promise<ViewState | undefined> {
    const row = this.db
      .prepare<[string, string, string, string, string], { state: string }>(
        `SELECT state FROM view_states WHERE ${WHERE}`,
      )
      .get(...keyColumns(key));
    return row ? (JSON.parse(row.state) as ViewState) : undefined;
  }

  async set(key: ViewStateKey, state: ViewState | null): Promise<void> {
    if (state === null) {
      this.db.prepare(`DELETE FROM view_states WHERE ${WHERE}`).run(...keyColumns(key));
      return;
    }
    this.db
      .prepare(
        `INSERT INTO view_states VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (user_id, tenant_id, install_id, entry_point, route) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`,
      )
      .run(...keyColumns(key), stateText(state), new Date().toISOString());
  }
}
