import { InfluxQueryError } from '../influx/index.js';
import type { ArchiveErrorStage } from './metrics.js';
import { MigrationError } from './mysql/migrate.js';

/** An error tagged with where it happened, for the errors metric and `/ready`. */
export class StageError extends Error {
  constructor(
    readonly stage: ArchiveErrorStage,
    cause: unknown,
  ) {
    super(messageOf(cause), { cause });
    this.name = 'StageError';
  }
}

/** Which part failed: tagged errors say so; mysql2 errors carry a `code` or `sqlState`. */
export function stageOf(error: unknown): ArchiveErrorStage {
  if (error instanceof StageError) return error.stage;
  if (error instanceof MigrationError) return 'migrate';
  if (error instanceof InfluxQueryError) return 'influxdb';
  if (typeof error === 'object' && error !== null && ('sqlState' in error || 'code' in error || 'errno' in error)) return 'mysql';
  return 'internal';
}

export function messageOf(error: unknown): string {
  // Some connection errors (ECONNREFUSED as an AggregateError) have an empty message but a code.
  if (error instanceof Error) return error.message || String((error as { code?: unknown }).code ?? error.name);
  return String(error);
}
