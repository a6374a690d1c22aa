import { createPool, type Pool } from 'mysql2/promise';
import type { MysqlSettings } from '../settings.js';

/** What the archive's SQL runs on: the pool, or the one connection holding the job's lock. */
export interface Queryable {
  query: Pool['query'];
}

/** Long enough for a large upsert batch; short enough that a hung server fails the run instead of stalling it. */
export const QUERY_TIMEOUT_MS = 60_000;

/**
 * A small pool: the job uses one connection at a time and the API a few. All times are UTC: mysql2
 * reads and writes DATETIME as UTC (`timezone: 'Z'`) and each session's time_zone is set to match.
 */
export function createArchivePool(settings: MysqlSettings): Pool {
  const pool = createPool({
    host: settings.host,
    port: settings.port,
    user: settings.user,
    password: settings.password.reveal(),
    database: settings.database,
    ...(settings.ssl ? { ssl: { rejectUnauthorized: true, ...(settings.ca === undefined ? {} : { ca: settings.ca }) } } : {}),
    timezone: 'Z',
    charset: 'utf8mb4_unicode_ci',
    connectionLimit: 4,
    maxIdle: 2,
    idleTimeout: 60_000,
    enableKeepAlive: true,
    connectTimeout: 5_000,
    multipleStatements: false,
  });
  pool.pool.on('connection', (connection) => {
    // Queued before any other statement on this connection; a failure surfaces on the next query.
    connection.query("SET time_zone = '+00:00'", () => undefined);
  });
  return pool;
}
