import type { ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import type { PeriodRow } from '../calendar-job.js';
import type { WindowRow } from '../rows.js';
import type { Tariff } from '../tariffs.js';
import { formatClock } from '../calendar.js';
import { QUERY_TIMEOUT_MS, type Queryable } from './pool.js';

/** The statistics of a row, the same in `archive_rollup` and `archive_period`, in the order of `statValues`. */
const STAT_COLUMNS = [
  'room', 'sample_count', 'suspect_count', 'value_min', 'value_max', 'value_sum', 'value_mean', 'value_first', 'value_last',
  'first_at', 'last_at', 'peak_at', 'energy_wh', 'runtime_seconds', 'cost', 'currency', 'counter_increase', 'is_final', 'updated_at',
] as const;
const KEY = ['site', 'kind', 'device', 'field'] as const;
/** Columns of an upsert, in order: the unique key first. */
const ROLLUP_COLUMNS = ['tier', ...KEY, 'window_start', 'window_end', ...STAT_COLUMNS];
const PERIOD_COLUMNS = ['period', ...KEY, 'period_start', 'period_end', 'local_date', 'shift', 'time_zone', ...STAT_COLUMNS];
const UPSERT_BATCH = 500;

/**
 * A final row never changes, enforced by the database itself. `is_final` is assigned last because
 * MySQL evaluates the assignments left to right, each seeing the ones before.
 */
function upsertSql(table: string, columns: readonly string[], keyColumns: number, rows: number): string {
  const onDuplicate = columns
    .slice(keyColumns)
    .filter((c) => c !== 'is_final')
    .map((c) => `${c} = IF(is_final = 1, ${c}, VALUES(${c}))`)
    .concat('is_final = GREATEST(is_final, VALUES(is_final))')
    .join(', ');
  const placeholders = `(${columns.map(() => '?').join(', ')})`;
  return `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${Array(rows).fill(placeholders).join(', ')} ON DUPLICATE KEY UPDATE ${onDuplicate}`;
}

const SELECT_ROWS = `SELECT tier, ${KEY.join(', ')}, window_start, window_end, ${STAT_COLUMNS.join(', ')} FROM archive_rollup`;
const SELECT_PERIODS = `SELECT period, ${KEY.join(', ')}, period_start, period_end, local_date, shift, time_zone, ${STAT_COLUMNS.join(', ')} FROM archive_period`;

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
      const values = batch.flatMap((row) => [row.tier, ...keyValues(row), new Date(row.windowStart), new Date(row.windowEnd), ...statValues(row, now)]);
      await db.query({ sql: upsertSql('archive_rollup', ROLLUP_COLUMNS, 6, batch.length), timeout: QUERY_TIMEOUT_MS }, values);
    }
    return rows.length;
  }

  /** Inserts or updates local-period rows by their unique key (period, series, start). */
  async upsertPeriods(db: Queryable, rows: readonly PeriodRow[]): Promise<number> {
    const now = new Date();
    for (let i = 0; i < rows.length; i += UPSERT_BATCH) {
      const batch = rows.slice(i, i + UPSERT_BATCH);
      const values = batch.flatMap((row) => [
        row.tier, ...keyValues(row), new Date(row.windowStart), new Date(row.windowEnd), row.localDate, row.shift, row.timeZone, ...statValues(row, now),
      ]);
      await db.query({ sql: upsertSql('archive_period', PERIOD_COLUMNS, 6, batch.length), timeout: QUERY_TIMEOUT_MS }, values);
    }
    return rows.length;
  }

  /** Rows of a tier with window_start in [from, to), optionally of one site, for building longer windows and periods. */
  async rowsBetween(db: Queryable, tier: string, from: number, to: number, site?: string): Promise<WindowRow[]> {
    const [rows] = await db.query<RowDataPacket[]>(
      { sql: `${SELECT_ROWS} WHERE tier = ? AND window_start >= ? AND window_start < ?${site === undefined ? '' : ' AND site = ?'}`, timeout: QUERY_TIMEOUT_MS },
      [tier, new Date(from), new Date(to), ...(site === undefined ? [] : [site])],
    );
    return rows.map(fromRow);
  }

  /** Local-period rows of one kind and site starting in [from, to): the days a week or month is built from. */
  async periodsBetween(db: Queryable, period: string, site: string, from: number, to: number): Promise<PeriodRow[]> {
    const [rows] = await db.query<RowDataPacket[]>(
      { sql: `${SELECT_PERIODS} WHERE period = ? AND site = ? AND period_start >= ? AND period_start < ?`, timeout: QUERY_TIMEOUT_MS },
      [period, site, new Date(from), new Date(to)],
    );
    return rows.map(fromPeriodRow);
  }

  /** Sites with rows of a tier starting in [from, to). */
  async sitesBetween(db: Queryable, tier: string, from: number, to: number): Promise<string[]> {
    const [rows] = await db.query<RowDataPacket[]>(
      { sql: 'SELECT DISTINCT site FROM archive_rollup WHERE tier = ? AND window_start >= ? AND window_start < ?', timeout: QUERY_TIMEOUT_MS },
      [tier, new Date(from), new Date(to)],
    );
    return rows.map((row) => String(row.site));
  }

  async tariffs(db: Queryable): Promise<Tariff[]> {
    const [rows] = await db.query<RowDataPacket[]>(
      'SELECT site, effective_from, currency, rate, peak_rate, TIME_TO_SEC(peak_start) AS peak_start_s, TIME_TO_SEC(peak_end) AS peak_end_s FROM archive_tariff ORDER BY site, effective_from',
    );
    return rows.map((r) => ({
      site: String(r.site),
      effectiveFrom: (r.effective_from as Date).getTime(),
      currency: String(r.currency),
      rate: Number(r.rate),
      peak:
        r.peak_rate === null || r.peak_start_s === null || r.peak_end_s === null
          ? null
          : { rate: Number(r.peak_rate), startMinute: Number(r.peak_start_s) / 60, endMinute: Number(r.peak_end_s) / 60 },
    }));
  }

  /** Adds a tariff, or replaces the one of the same site and start. */
  async putTariff(db: Queryable, t: Tariff): Promise<void> {
    await db.query(
      `INSERT INTO archive_tariff (site, effective_from, currency, rate, peak_rate, peak_start, peak_end, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, UTC_TIMESTAMP(3))
       ON DUPLICATE KEY UPDATE currency = VALUES(currency), rate = VALUES(rate), peak_rate = VALUES(peak_rate),
         peak_start = VALUES(peak_start), peak_end = VALUES(peak_end), created_at = VALUES(created_at)`,
      [
        t.site, new Date(t.effectiveFrom), t.currency, t.rate, t.peak?.rate ?? null,
        t.peak ? formatClock(t.peak.startMinute) : null, t.peak ? formatClock(t.peak.endMinute) : null,
      ],
    );
  }

  /** One of the report views (a fixed name from api-views.ts, never user input) for rows whose date column is in [from, to). */
  async queryView(db: Queryable, sql: string, values: Array<string | number | Date>): Promise<RowDataPacket[]> {
    const [rows] = await db.query<RowDataPacket[]>({ sql, timeout: QUERY_TIMEOUT_MS }, values);
    return rows;
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

function keyValues(row: WindowRow): unknown[] {
  return [row.site, row.kind, row.device, row.field];
}

/** Values of STAT_COLUMNS, in that order. */
function statValues(row: WindowRow, now: Date): unknown[] {
  const date = (ms: number | null) => (ms === null ? null : new Date(ms));
  return [
    row.room, row.count, row.suspectCount, row.min, row.max, row.sum, row.mean, row.first, row.last,
    date(row.firstAt), date(row.lastAt), date(row.peakAt), row.energyWh, row.runtimeSeconds, row.cost, row.currency, row.increase,
    row.final ? 1 : 0, now,
  ];
}

function fromRow(r: RowDataPacket): WindowRow {
  return {
    tier: String(r.tier),
    ...statsOf(r),
    windowStart: (r.window_start as Date).getTime(),
    windowEnd: (r.window_end as Date).getTime(),
  };
}

function fromPeriodRow(r: RowDataPacket): PeriodRow {
  return {
    tier: String(r.period),
    ...statsOf(r),
    windowStart: (r.period_start as Date).getTime(),
    windowEnd: (r.period_end as Date).getTime(),
    localDate: localDateOf(r.local_date),
    shift: Number(r.shift),
    timeZone: String(r.time_zone),
  };
}

/** A DATE column: mysql2 gives a Date at UTC midnight when the connection's time zone is UTC (pool.ts), else a string. */
function localDateOf(value: unknown): string {
  return value instanceof Date ? value.toISOString().slice(0, 10) : String(value);
}

function statsOf(r: RowDataPacket): Omit<WindowRow, 'tier' | 'windowStart' | 'windowEnd'> {
  const time = (value: unknown) => (value instanceof Date ? value.getTime() : null);
  return {
    site: String(r.site),
    kind: String(r.kind),
    device: String(r.device),
    field: String(r.field),
    room: r.room === null ? null : String(r.room),
    count: Number(r.sample_count),
    suspectCount: Number(r.suspect_count),
    min: r.value_min as number | null,
    max: r.value_max as number | null,
    sum: r.value_sum as number | null,
    mean: r.value_mean as number | null,
    first: r.value_first as number | null,
    last: r.value_last as number | null,
    firstAt: time(r.first_at),
    lastAt: time(r.last_at),
    peakAt: time(r.peak_at),
    energyWh: r.energy_wh as number | null,
    runtimeSeconds: r.runtime_seconds as number | null,
    cost: r.cost as number | null,
    currency: r.currency === null ? null : String(r.currency),
    increase: r.counter_increase as number | null,
    final: Number(r.is_final) === 1,
  };
}
