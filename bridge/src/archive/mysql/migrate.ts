import { createHash } from 'node:crypto';
import type { PoolConnection, RowDataPacket } from 'mysql2/promise';
import { BridgeError } from '../../errors.js';
import type { Migration } from './migrations.js';

/** A schema the runner must not touch: edited migrations or a newer bridge's schema. */
export class MigrationError extends BridgeError {
  constructor(message: string) {
    super('SP_ERR_ARCHIVE_SCHEMA', message);
  }
}

const CREATE_HISTORY = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version INT UNSIGNED NOT NULL PRIMARY KEY,
  name VARCHAR(200) NOT NULL,
  checksum CHAR(64) CHARACTER SET ascii NOT NULL,
  applied_at DATETIME(3) NOT NULL COMMENT 'UTC'
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`;

/** Several bridges may start at once; one applies, the others wait and then find nothing to do. */
const LOCK_WAIT_SECONDS = 60;

export function checksumOf(migration: Migration): string {
  return createHash('sha256').update(migration.statements.join('\n;\n')).digest('hex');
}

/**
 * Applies the pending migrations in version order, recording each in `schema_migrations`.
 * Refuses to run when a recorded migration differs from ours or the database is newer than this
 * bridge. Returns the versions it applied.
 */
export async function migrate(connection: PoolConnection, migrations: readonly Migration[]): Promise<number[]> {
  const lock = `sensorplus_migrate.${connection.config.database ?? ''}`.slice(0, 64);
  const [locked] = await connection.query<RowDataPacket[]>('SELECT GET_LOCK(?, ?) AS got', [lock, LOCK_WAIT_SECONDS]);
  if (locked[0]?.got !== 1) throw new Error(`another bridge held the migration lock for ${LOCK_WAIT_SECONDS} s`);
  try {
    await connection.query(CREATE_HISTORY);
    const applied = await appliedMigrations(connection);
    checkHistory(applied, migrations);
    const done: number[] = [];
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (applied.has(migration.version)) continue;
      for (const statement of migration.statements) await applyStatement(connection, statement);
      await connection.query('INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, UTC_TIMESTAMP(3))', [
        migration.version,
        migration.name,
        checksumOf(migration),
      ]);
      done.push(migration.version);
    }
    return done;
  } finally {
    await connection.query('SELECT RELEASE_LOCK(?)', [lock]).catch(() => undefined);
  }
}

/** MySQL error numbers of DDL that finds its work done: a statement applied before a migration was cut short. */
const ALREADY_DONE = new Set([1060 /* ER_DUP_FIELDNAME */, 1061 /* ER_DUP_KEYNAME */]);

export async function applyStatement(connection: Pick<PoolConnection, 'query'>, statement: string): Promise<void> {
  try {
    await connection.query(statement);
  } catch (error) {
    if (!ALREADY_DONE.has((error as { errno?: number }).errno ?? 0)) throw error;
  }
}

async function appliedMigrations(connection: PoolConnection): Promise<Map<number, string>> {
  const [rows] = await connection.query<RowDataPacket[]>('SELECT version, checksum FROM schema_migrations');
  return new Map(rows.map((row) => [Number(row.version), String(row.checksum)]));
}

function checkHistory(applied: Map<number, string>, migrations: readonly Migration[]): void {
  const known = new Map(migrations.map((m) => [m.version, m]));
  const newer = [...applied.keys()].filter((version) => !known.has(version));
  if (newer.length > 0) {
    throw new MigrationError(
      `the archive schema has migration ${Math.max(...newer)}, which this bridge does not know: a newer bridge migrated it. Run that version, or restore the database.`,
    );
  }
  for (const [version, checksum] of applied) {
    const migration = known.get(version)!;
    if (checksumOf(migration) !== checksum) {
      throw new MigrationError(`migration ${version} (${migration.name}) was changed after it was applied; add a new migration instead`);
    }
  }
}
