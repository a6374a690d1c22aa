import { DateTime } from 'luxon';
import { IDENTIFIER_RULE, isIdentifier } from '../pipeline/identifiers.js';
import { parseLimit, parseTime } from './api-query.js';
import { csvCell } from './present.js';

/**
 * The original systems' reports, as views of the archive (mysql/migrations.ts), exported by
 * `GET /api/archive/{report}`: their columns, the CSV headers their users' spreadsheets expect, and
 * the column a date range selects on. Report and column names are fixed here, never taken from a request.
 */
export interface Report {
  /** Columns in CSV order, with their CSV header. */
  readonly columns: ReadonlyArray<readonly [column: string, header: string]>;
  /** Column the `from`/`to` range selects on: a local DATE or a UTC DATETIME. */
  readonly range: { readonly column: string; readonly type: 'date' | 'datetime' };
  /** Column a `device` parameter selects on. */
  readonly deviceColumn: string;
  readonly orderBy: string;
}

const COMMON_TAIL = [['site', 'Site'], ['is_final', 'Final']] as const;

export const REPORTS = {
  daily_consumption: {
    columns: [
      ['date', 'Date'], ['port', 'Port'], ['energy_kwh', 'Energy (kWh)'], ['cost', 'Cost'], ['runtime_minutes', 'Runtime (minutes)'],
      ['peak_usage', 'Peak Usage (W)'], ['device_id', 'Device'], ['currency', 'Currency'], ['peak_at', 'Peak At (UTC)'], ...COMMON_TAIL,
    ],
    range: { column: 'date', type: 'date' },
    deviceColumn: 'device_id',
    orderBy: 'date, site, device_id, port',
  },
  monthly_consumption: {
    columns: [
      ['year', 'Year'], ['month', 'Month'], ['port', 'Port'], ['energy_kwh', 'Energy (kWh)'], ['cost', 'Cost'],
      ['runtime_minutes', 'Runtime (minutes)'], ['peak_usage', 'Peak Usage (W)'], ['device_id', 'Device'], ['currency', 'Currency'], ...COMMON_TAIL,
    ],
    range: { column: 'month_start', type: 'date' },
    deviceColumn: 'device_id',
    orderBy: 'month_start, site, device_id, port',
  },
  shift_production: {
    columns: [
      ['date', 'Date'], ['shift', 'Shift'], ['machine_id', 'Machine'], ['production', 'Production'], ['defects', 'Defects'],
      ['defect_rate', 'Defect Rate'], ['shift_start', 'Shift Start (UTC)'], ['shift_end', 'Shift End (UTC)'], ...COMMON_TAIL,
    ],
    range: { column: 'date', type: 'date' },
    deviceColumn: 'machine_id',
    orderBy: 'date, shift, site, machine_id',
  },
  daily_production: {
    columns: [['date', 'Date'], ['machine_id', 'Machine'], ['production', 'Production'], ['defects', 'Defects'], ['defect_rate', 'Defect Rate'], ...COMMON_TAIL],
    range: { column: 'date', type: 'date' },
    deviceColumn: 'machine_id',
    orderBy: 'date, site, machine_id',
  },
  tracker_telemetry: {
    columns: [
      ['recorded_at', 'Time (UTC)'], ['device_id', 'Device'], ['power_w', 'Power (W)'], ['max_power_w', 'Max Power (W)'],
      ['energy_wh', 'Energy (Wh)'], ['power_actual_w', 'Actual Power (W)'], ['battery_pct', 'Battery (%)'], ['battery_v', 'Battery (V)'],
      ['temp_c', 'Temperature (°C)'], ['tilt_angle', 'Tilt (°)'], ['pan_angle', 'Pan (°)'], ['efficiency', 'Efficiency (%)'],
      ['light_avg', 'Light (avg)'], ['sample_count', 'Samples'], ...COMMON_TAIL,
    ],
    range: { column: 'recorded_at', type: 'datetime' },
    deviceColumn: 'device_id',
    orderBy: 'recorded_at, site, device_id',
  },
} as const satisfies Record<string, Report>;

export type ReportName = keyof typeof REPORTS;

export interface ReportQuery {
  report: ReportName;
  site?: string;
  device?: string;
  /** Inclusive lower and exclusive upper bound: `YYYY-MM-DD` for date ranges, a Date for datetime ones. */
  from: string | Date;
  to: string | Date;
  format: 'json' | 'csv';
  limit: number;
}

const KNOWN = ['site', 'device', 'from', 'to', 'format', 'limit'] as const;

export function isReport(name: string): name is ReportName {
  return Object.hasOwn(REPORTS, name);
}

/**
 * Checks a report's parameters. `from` and `to` are local dates (`2026-03-01`; `to` exclusive) for
 * the date-based reports, ISO times or epoch ms for the telemetry; without them, the last 31 days.
 */
export function parseReportQuery(report: ReportName, query: Record<string, unknown>, now: number): { ok: true; value: ReportQuery } | { ok: false; message: string } {
  const fail = (message: string) => ({ ok: false as const, message });
  const unknown = Object.keys(query).filter((k) => !(KNOWN as readonly string[]).includes(k));
  if (unknown.length > 0) return fail(`unknown parameter ${unknown.map((k) => JSON.stringify(k)).join(', ')}; known: ${KNOWN.join(', ')}`);
  const text = (k: (typeof KNOWN)[number]) => (typeof query[k] === 'string' && query[k] !== '' ? (query[k] as string) : undefined);
  for (const name of ['site', 'device'] as const) {
    const value = text(name);
    if (value !== undefined && !isIdentifier(value)) return fail(`${name} ${JSON.stringify(value)} is not a valid identifier: ${IDENTIFIER_RULE}`);
  }
  const range = REPORTS[report].range;
  const expected = range.type === 'date' ? 'a local date such as 2026-03-01' : 'an ISO 8601 time or epoch milliseconds';
  // Date reports take local dates as they are; the telemetry takes times as GET /api/archive does.
  const bound = (name: 'from' | 'to', fallback: number): string | Date | undefined => {
    const value = text(name);
    if (range.type === 'date') {
      if (value === undefined) return DateTime.fromMillis(fallback, { zone: 'UTC' }).toISODate()!;
      return /^\d{4}-\d{2}-\d{2}$/.test(value) && DateTime.fromISO(value).isValid ? value : undefined;
    }
    const ms = parseTime(name, value, fallback);
    return typeof ms === 'number' ? new Date(ms) : undefined;
  };
  const to = bound('to', now + 86_400_000);
  const from = bound('from', now - 31 * 86_400_000);
  if (from === undefined) return fail(`from must be ${expected}`);
  if (to === undefined) return fail(`to must be ${expected}`);
  const ordered = from instanceof Date && to instanceof Date ? from < to : String(from) < String(to);
  if (!ordered) return fail('from must be before to');
  const format = text('format') ?? 'json';
  if (format !== 'json' && format !== 'csv') return fail(`format must be json or csv, got ${JSON.stringify(format)}`);
  const limit = parseLimit(text('limit'));
  if (typeof limit === 'string') return fail(limit);
  const site = text('site');
  const device = text('device');
  return { ok: true, value: { report, ...(site ? { site } : {}), ...(device ? { device } : {}), from, to, format, limit } };
}

/** The statement and its values: names from REPORTS only, every value a placeholder. */
export function reportSql(q: ReportQuery): { sql: string; values: Array<string | number | Date> } {
  const r: Report = REPORTS[q.report];
  const where = [`${r.range.column} >= ?`, `${r.range.column} < ?`];
  const values: Array<string | number | Date> = [q.from, q.to];
  if (q.site) {
    where.push('site = ?');
    values.push(q.site);
  }
  if (q.device) {
    where.push(`${r.deviceColumn} = ?`);
    values.push(q.device);
  }
  values.push(q.limit);
  return { sql: `SELECT ${r.columns.map(([c]) => `\`${c}\``).join(', ')} FROM ${q.report} WHERE ${where.join(' AND ')} ORDER BY ${r.orderBy} LIMIT ?`, values };
}

/** A row's cells as JSON or CSV shows them: dates as `YYYY-MM-DD`, times as ISO 8601 UTC, flags as booleans. */
function cell(report: Report, column: string, value: unknown): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (column === 'is_final') return Number(value) === 1;
  if (value instanceof Date) return report.range.type === 'date' && (column === 'date' || column === 'month_start') ? value.toISOString().slice(0, 10) : value.toISOString();
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  return String(value);
}

export function reportRows(name: ReportName, rows: readonly Record<string, unknown>[]): Array<Record<string, string | number | boolean | null>> {
  const report: Report = REPORTS[name];
  return rows.map((row) => Object.fromEntries(report.columns.map(([c]) => [c, cell(report, c, row[c])])));
}

/** RFC 4180 CSV with the report's headers, CRLF line ends. */
export function reportCsv(name: ReportName, rows: readonly Record<string, string | number | boolean | null>[]): string {
  const report: Report = REPORTS[name];
  const lines = [report.columns.map(([, header]) => csvCell(header)).join(',')];
  for (const row of rows) lines.push(report.columns.map(([c]) => csvCell(row[c] ?? null)).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
