import type { ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import type { WindowRow } from '../rows.js';
import { QUERY_TIMEOUT_MS, type Queryable } from './pool.js';

/** Columns written by an upsert, in order; the first six are the unique key. */
const COLUMNS = [
  'tier', 'site', 'kind', 'device', 'field', 'window_start',
  'window_end', 'room', 'sample_count', 'value_min', 'value_max', 'value_sum', 'value_mean', 'value_first', 'value_last',
  'first_at', 'last_at', 'energy_wh', 'counter_increase', 'is_final', 'updated_at',
] as const;
const KEY_COLUMNS = 6;
const ROW_PLACEHOLDERS = `(${COLUMNS.map(() => '?').join(', ')})`;
/**
 * A final row never changes, enforced by the database itself. `is_final` is assigned last because
 * MySQL evaluates the assignments left to right, each seeing the ones before.
 */
const ON_DUPLICATE = COLUMNS.slice(KEY_COLUMNS)
  .filter((c) => c !== 'is_final')
  .map((c) => `${c} = IF(is_final = 1, ${c}, VALUES(${c}))`)
  .concat('is_final = GREATEST(is_final, VALUES(is_final))')
  .join(', ');
const UPSERT_BATCH = 500;

const SELECT_ROWS = `SELECT tier, site, kind, device, field, window_start, window_end, room, sample_count, value_min, value_max,
  value_sum, value_mean, value_first, value_last, first_at, last_at, energy_wh, counter_increase, is_final FROM archive_rollup`;

export interface WindowQuery {
  tier: string;
  device: string;
  site?: string;
  field?: string;
  from: number;
  to: number;
  limit: number;
}

/** Every SQL statement of the archive job and API; values always travel as placeholders. */
export class ArchiveStore {
  /** Inserts or updates rows by their unique key; returns how many rows it sent. */
  async upsert(db: Queryable, rows: readonly WindowRow[]): Promise<number> {
    const now = new Date();
    for (let i = 0; i < rows.length; i += UPSERT_BATCH) {
      const batch = rows.slice(i, i + UPSERT_BATCH);
      const sql = `INSERT INTO archive_rollup (${COLUMNS.join(', ')}) VALUES ${batch.map(() => ROW_PLACEHOLDERS).join(', ')} ON DUPLICATE KEY UPDATE ${ON_DUPLICATE}`;
      await db.query({ sql, timeout: QUERY_TIMEOUT_MS }, batch.flatMap((row) => rowValues(row, now)));
    }
    return rows.length;
  }

  /** Rows of a tier with window_start in [from, to), for building the next tier. */
  async rowsBetween(db: Queryable, tier: string, from: number, to: number): Promise<WindowRow[]> {
    const [rows] = await db.query<RowDataPacket[]>(
      { sql: `${SELECT_ROWS} WHERE tier = ? AND window_start >= ? AND window_start < ?`, timeout: QUERY_TIMEOUT_MS },
      [tier, new Date(from), new Date(to)],
    );
    return rows.map(fromRow);
  }

  async earliestWindow(db: Queryable, tier: string): Promise<number | undefined> {
    const [rows] = await db.query<RowDataPacket[]>('SELECT MIN(window_start) AS earliest FROM archive_rollup WHERE tier = ?', [tier]);
    const earliest = rows[0]?.earliest as Date | null | undefined;
    return earliest ? earliest.getTime() : undefined;
  }

  /** final_until per tier label. */
  async watermarks(db: Queryable): Promise<Map<string, number>> {
    const [rows] = await db.query<RowDataPacket[]>('SELECT tier, final_until FROM archive_watermark');
    return new Map(rows.map((row) => [String(row.tier), (row.final_until as Date).getTime()]));
  }

  /** Moves a watermark forward; never back, even if two writers race. */
  async advanceWatermark(db: Queryable, tier: string, finalUntil: number): Promise<void> {
    await db.query(
      `INSERT INTO archive_watermark (tier, final_until, updated_at) VALUES (?, ?, UTC_TIMESTAMP(3))
       ON DUPLICATE KEY UPDATE final_until = GREATEST(final_until, VALUES(final_until)), updated_at = VALUES(updated_at)`,
      [tier, new Date(finalUntil)],
    );
  }

  /** Deletes at most `limit` rows of a tier that start before `before`; returns how many. */
  async deleteBefore(db: Queryable, tier: string, before: number, limit: number): Promise<number> {
    const [result] = await db.query<ResultSetHeader>(
      { sql: 'DELETE FROM archive_rollup WHERE tier = ? AND window_start < ? ORDER BY window_start LIMIT ?', timeout: QUERY_TIMEOUT_MS },
      [tier, new Date(before), limit],
    );
    return result.affectedRows;
  }

  /** The API's query: one device, optionally one site and field, windows starting in [from, to). */
  async queryWindows(db: Queryable, q: WindowQuery): Promise<WindowRow[]> {
    const [rows] = await db.query<RowDataPacket[]>(
      {
        sql: `${SELECT_ROWS} WHERE tier = ? AND device = ? AND (? IS NULL OR site = ?) AND (? IS NULL OR field = ?)
          AND window_start >= ? AND window_start < ? ORDER BY window_start, site, kind, field LIMIT ?`,
        timeout: QUERY_TIMEOUT_MS,
      },
      [q.tier, q.device, q.site ?? null, q.site ?? null, q.field ?? null, q.field ?? null, new Date(q.from), new Date(q.to), q.limit],
    );
    return rows.map(fromRow);
  }

  /**
   * A named lock held by this connection, so that only one bridge runs the job at a time.
   * MySQL releases it by itself if the connection dies.
   */
  async tryLock(db: Queryable, name: string): Promise<boolean> {
    const [rows] = await db.query<RowDataPacket[]>('SELECT GET_LOCK(?, 0) AS got', [name]);
    return rows[0]?.got === 1;
  }

  async unlock(db: Queryable, name: string): Promise<void> {
    await db.query('SELECT RELEASE_LOCK(?)', [name]);
  }
}

function rowValues(row: WindowRow, now: Date): unknown[] {
  const date = (ms: number | null) => (ms === null ? null : new Date(ms));
  return [
    row.tier, row.site, row.kind, row.device, row.field, new Date(row.windowStart),
    new Date(row.windowEnd), row.room, row.count, row.min, row.max, row.sum, row.mean, row.first, row.last,
    date(row.firstAt), date(row.lastAt), row.energyWh, row.increase, row.final ? 1 : 0, now,
  ];
}

function fromRow(r: RowDataPacket): WindowRow {
  const time = (value: unknown) => (value instanceof Date ? value.getTime() : null);
  return {
    tier: String(r.tier),
    site: String(r.site),
    kind: String(r.kind),
    device: String(r.device),
    field: String(r.field),
    windowStart: (r.window_start as Date).getTime(),
    windowEnd: (r.window_end as Date).getTime(),
    room: r.room === null ? null : String(r.room),
    count: Number(r.sample_count),
    min: r.value_min as number | null,
    max: r.value_max as number | null,
    sum: r.value_sum as number | null,
    mean: r.value_mean as number | null,
    first: r.value_first as number | null,
    last: r.value_last as number | null,
    firstAt: time(r.first_at),
    lastAt: time(r.last_at),
    energyWh: r.energy_wh as number | null,
    increase: r.counter_increase as number | null,
    final: Number(r.is_final) === 1,
  };
}
