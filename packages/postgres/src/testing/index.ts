export {
  freePort,
  postgresBinDir,
  postgresUnavailable,
  startPostgres,
  type TemporaryPostgres,
} from './start-postgres.js';
export { TEST_POSTGRES_SKIP_ENV, TEST_POSTGRES_URL_ENV, createTestDatabase, testPostgres } from './test-database.js';
