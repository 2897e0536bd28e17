export { isPostgresUrl, redactDatabaseUrl } from './database-url.js';
export { migrate, type Migration } from './migrations.js';
export { openPool, type PoolOptions, type PostgresClient, type PostgresPool } from './pool.js';
export { inTransaction, isUniqueViolation, lockForTransaction } from './transaction.js';
