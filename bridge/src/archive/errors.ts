import { BridgeError, messageOf } from '../errors.js';
import { InfluxQueryError } from '../influx/index.js';

/** The error codes (errors.ts) an archive run fails with, and the `stage` label each is counted under. */
export const ARCHIVE_ERROR_STAGES = {
  SP_ERR_ARCHIVE_SCHEMA: 'migrate',
  SP_ERR_ARCHIVE_INFLUXDB: 'influxdb',
  SP_ERR_ARCHIVE_MYSQL: 'mysql',
  SP_ERR_UNCLASSIFIED: 'internal',
} as const;

export type ArchiveErrorCode = keyof typeof ARCHIVE_ERROR_STAGES;
export type ArchiveErrorStage = (typeof ARCHIVE_ERROR_STAGES)[ArchiveErrorCode];

/** An error tagged with where it happened. */
export class ArchiveError extends BridgeError {
  constructor(code: ArchiveErrorCode, cause: unknown) {
    super(code, messageOf(cause), { cause });
  }
}

/** The code of what an archive run threw: tagged errors say so; mysql2 errors carry a `code`, `sqlState`, `errno` or `fatal`. */
export function archiveCodeOf(error: unknown): ArchiveErrorCode {
  if (error instanceof BridgeError && error.code in ARCHIVE_ERROR_STAGES) return error.code as ArchiveErrorCode;
  if (error instanceof InfluxQueryError) return 'SP_ERR_ARCHIVE_INFLUXDB';
  if (typeof error === 'object' && error !== null && ['sqlState', 'code', 'errno', 'fatal'].some((key) => key in error)) return 'SP_ERR_ARCHIVE_MYSQL';
  return 'SP_ERR_UNCLASSIFIED';
}
