// The two implementations of the runner's state, for suites written once and run against both:
// SQLite (a file, so that two stores can open it as two processes would) and PostgreSQL (a fresh
// database per call on the run's throwaway server; two stores are two pools, as two replicas are).
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createTestDatabase, testPostgres } from '@extsys/postgres/testing';
import {
  openPostgresState,
  openSqliteState,
  type RunnerState,
  type StateOptions,
} from '../../src/state/runner-state.js';
import { tempDir } from './bundles.js';

/** One empty database; each `open` is another process's view of it. */
export interface FreshDatabase {
  /** The runner's env for this database (`KV_DB_PATH` or `DATABASE_URL`). */
  env: Record<string, string>;
  open(options?: StateOptions): Promise<RunnerState>;
  /** Closes every state opened on it and removes it. */
  drop(): Promise<void>;
}

export interface StateBackend {
  name: 'SQLite' | 'PostgreSQL';
  /** Why this backend cannot run here (its suites skip, saying so), or undefined. */
  skip: string | undefined;
  fresh(): Promise<FreshDatabase>;
}

function tracking(open: (options?: StateOptions) => Promise<RunnerState>) {
  const opened: RunnerState[] = [];
  return {
    open: async (options?: StateOptions) => {
      const state = await open(options);
      opened.push(state);
      return state;
    },
    closeAll: () => Promise.all(opened.splice(0).map((state) => state.close())),
  };
}

export const sqliteBackend: StateBackend = {
  name: 'SQLite',
  skip: undefined,
  async fresh() {
    const dir = await tempDir('state');
    const path = join(dir, 'kv.sqlite');
    const states = tracking((options) => Promise.resolve(openSqliteState(path, options)));
    return {
      env: { KV_DB_PATH: path },
      open: states.open,
      async drop() {
        await states.closeAll();
        await rm(dir, { recursive: true, force: true });
      },
    };
  },
};

const server = testPostgres();

export const postgresBackend: StateBackend = {
  name: 'PostgreSQL',
  skip: 'unavailable' in server ? server.unavailable : undefined,
  async fresh() {
    if (!('url' in server)) throw new Error(server.unavailable);
    const database = await createTestDatabase(server.url);
    const states = tracking((options) => openPostgresState(database.url, { poolMax: 4, ...options }));
    return {
      env: { DATABASE_URL: database.url },
      open: states.open,
      async drop() {
        await states.closeAll();
        await database.drop();
      },
    };
  },
};

export const STATE_BACKENDS = [sqliteBackend, postgresBackend] as const;

/** The title of a backend's describe block, with the reason when it skips. */
export const backendTitle = (title: string, backend: StateBackend) =>
  `${title} — ${backend.name}${backend.skip ? ` (skipped: ${backend.skip})` : ''}`;
