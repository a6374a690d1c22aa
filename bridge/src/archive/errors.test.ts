import { describe, expect, it } from 'vitest';
import { isRetryable } from '../errors.js';
import { InfluxQueryError } from '../influx/index.js';
import { ArchiveError, archiveCodeOf } from './errors.js';
import { MigrationError } from './mysql/migrate.js';

describe('archiveCodeOf', () => {
  it('retries what an outage causes, stops on a refused schema and on what nothing classified', () => {
    const cases: Array<[unknown, string]> = [
      [new ArchiveError('SP_ERR_ARCHIVE_INFLUXDB', new TypeError('fetch failed')), 'SP_ERR_ARCHIVE_INFLUXDB'],
      [new InfluxQueryError('InfluxDB answered 500: oops', 500), 'SP_ERR_ARCHIVE_INFLUXDB'],
      [Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), 'SP_ERR_ARCHIVE_MYSQL'],
      [Object.assign(new Error("Can't add new command when connection is in closed state"), { fatal: true }), 'SP_ERR_ARCHIVE_MYSQL'],
      [new MigrationError('the database schema is newer than this bridge'), 'SP_ERR_ARCHIVE_SCHEMA'],
      [new TypeError("Cannot read properties of undefined (reading 'ms')"), 'SP_ERR_UNCLASSIFIED'],
    ];
    expect(cases.map(([error]) => archiveCodeOf(error))).toEqual(cases.map(([, code]) => code));
    expect(cases.map(([error]) => isRetryable(archiveCodeOf(error)))).toEqual([true, true, true, true, false, false]);
  });
});
