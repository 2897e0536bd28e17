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
 * Extensions' view state, per user (server-side, as a real host keeps user preferences: it survives
 * a host page reload and follows the user to another browser): SQLite (sqlite-view-state-store.ts)
 * or PostgreSQL (postgres-view-state-store.ts). Kept as the JSON text the route validated; the
 * caller checks the install and the size before `set`.
 */
export interface ViewStateStore {
  get(key: ViewStateKey): Promise<ViewState | undefined>;
  /** Stores `state` (replacing any), or clears it with `null`. */
  set(key: ViewStateKey, state: ViewState | null): Promise<void>;
}

export const keyColumns = (key: ViewStateKey) =>
  [key.userId, key.tenantId, key.installId, key.entryPoint, key.route] as const;

/** The stored text: only the two fields of a view state, whatever else the object carried. */
export const stateText = (state: ViewState) => JSON.stringify({ version: state.version, value: state.value });
