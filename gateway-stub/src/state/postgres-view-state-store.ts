import type { PostgresPool } from '@extsys/postgres';
import type { ViewState } from '@extsys/protocol';
import { keyColumns, stateText, type ViewStateKey, type ViewStateStore } from './view-state-store.js';

const WHERE = 'user_id = $1 AND tenant_id = $2 AND install_id = $3 AND entry_point = $4 AND route = $5';

export class PostgresViewStateStore implements ViewStateStore {
  constructor(private readonly pool: PostgresPool) {}

  async get(key: ViewStateKey): Promise<ViewState | undefined> {
    const { rows } = await this.pool.query<{ state: string }>(`SELECT state FROM view_states WHERE ${WHERE}`, [
      ...keyColumns(key),
    ]);
    return rows[0] ? (JSON.parse(rows[0].state) as ViewState) : undefined;
  }

  async set(key: ViewStateKey, state: ViewState | null): Promise<void> {
    if (state === null) {
      await this.pool.query(`DELETE FROM view_states WHERE ${WHERE}`, [...keyColumns(key)]);
      return;
    }
    await this.pool.query(
      `INSERT INTO view_states VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (user_id, tenant_id, install_id, entry_point, route) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`,
      [...keyColumns(key), stateText(state), new Date().toISOString()],
    );
  }
}
