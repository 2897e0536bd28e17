import { postgresUnavailable, startPostgres } from './start-postgres.js';
import { TEST_POSTGRES_SKIP_ENV, TEST_POSTGRES_URL_ENV } from './test-database.js';

/**
 * A vitest `globalSetup`: starts one throwaway PostgreSQL for the run (or uses
 * EXTSYS_TEST_POSTGRES_URL when it is already set) and hands its URL to the test workers through
 * the environment; without a PostgreSQL to start, says why, and the PostgreSQL halves of the store
 * suites skip with that reason.
 */
export default async function setup(): Promise<() => void> {
  if (process.env[TEST_POSTGRES_URL_ENV]) return () => undefined;
  const unavailable = postgresUnavailable();
  if (unavailable) {
    process.env[TEST_POSTGRES_SKIP_ENV] = unavailable;
    console.warn(`[extsys] the PostgreSQL store tests will skip: ${unavailable}`);
    return () => undefined;
  }
  const server = await startPostgres();
  process.env[TEST_POSTGRES_URL_ENV] = server.url;
  return () => server.stop();
}
