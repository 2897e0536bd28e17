import type Database from 'better-sqlite3';
import type { ViewState } from '@extsys/protocol';

/** Which view state: one per user × install × entry point × route (`''`: not scoped to a route). */
export interface ViewStateKey {
  userId: string;
  /** The user's tenant, kept with the state so a tenant's states can be found (and dropped) together. */
  tenantId: string;
  installId: string;
  entryPoint: string;
  route: string;
}

/**
 * Extensions' view state, per user, in the registry's database (server-side, as a real host keeps
 * user preferences: it survives a host page reload and follows the user to another browser). Kept
 * as the JSON text the route validated; the caller checks the install and the size before `set`.
 */
export class ViewStates {
  constructor(private readonly db: Database.Database) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS view_states (
        user_id TEXT NOT NULL, tenant_id TEXT NOT NULL, install_id TEXT NOT NULL,
        entry_point TEXT NOT NULL, route TEXT NOT NULL, state TEXT NOT NULL, updated_at TEXT NOT NULL,
        PRIMARY KEY (user_id, tenant_id, install_id, entry_point, route));`);
  }

  get(key: ViewStateKey): ViewState | undefined {
    const row = this.db
      .prepare<[string, string, string, string, string], { state: string }>(
        'SELECT state FROM view_states WHERE user_id = ? AND tenant_id = ? AND install_id = ? AND entry_point = ? AND route = ?',
      )
      .get(key.userId, key.tenantId, key.installId, key.entryPoint, key.route);
    return row ? (JSON.parse(row.state) as ViewState) : undefined;
  }

  /** Stores `state` (replacing any), or clears it with `null`. */
  set(key: ViewStateKey, state: ViewState | null): void {
    const id = [key.userId, key.tenantId, key.installId, key.entryPoint, key.route] as const;
    if (state === null) {
      this.db
        .prepare(
          'DELETE FROM view_states WHERE user_id = ? AND tenant_id = ? AND install_id = ? AND entry_point = ? AND route = ?',
        )
        .run(...id);
      return;
    }
    this.db
      .prepare(
        `INSERT INTO view_states VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (user_id, tenant_id, install_id, entry_point, route) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`,
      )
      .run(...id, JSON.stringify({ version: state.version, value: state.value }), new Date().toISOString());
  }
}
