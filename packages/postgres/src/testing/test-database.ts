import pg from 'pg';

/** Where the tests' PostgreSQL is (set by the vitest global setup, `global-setup.ts`). */
export const TEST_POSTGRES_URL_ENV = 'EXTSYS_TEST_POSTGRES_URL';
/** Why there is none (set instead of the URL): the PostgreSQL half of a store suite skips with it. */
export const TEST_POSTGRES_SKIP_ENV = 'EXTSYS_TEST_POSTGRES_UNAVAILABLE';

/** The tests' PostgreSQL server, or why there is none. */
export function testPostgres(): { url: string } | { unavailable: string } {
  const url = process.env[TEST_POSTGRES_URL_ENV];
  if (url) return { url };
  return {
    unavailable:
      process.env[TEST_POSTGRES_SKIP_ENV] ??
      `no PostgreSQL for tests: ${TEST_POSTGRES_URL_ENV} is unset (the project's vitest global setup starts one)`,
  };
}

let counter = 0;

/**
 * A new, empty database on the server at `serverUrl`, for one test file or one test: stores under
 * test never share tables. `drop()` removes it (closing what still holds it).
 */
export async function createTestDatabase(serverUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `t_${process.pid}_${Date.now().toString(36)}_${(counter++).toString(36)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
