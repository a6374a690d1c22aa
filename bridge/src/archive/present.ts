import type { WindowRow } from './rows.js';

/** One window as the API shows it (JSON). */
export interface WindowView {
  site: string;
  kind: string;
  device: string;
  room: string | null;
  field: string;
  start: string;
  end: string;
  count: number;
  min: number | null;
  max: number | null;
  mean: number | null;
  first: number | null;
  last: number | null;
  firstAt: string | null;
  lastAt: string | null;
  peakAt: string | null;
  suspectCount: number;
  energyWh: number | null;
  runtimeSeconds: number | null;
  cost: number | null;
  currency: string | null;
  increase: number | null;
  final: boolean;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function toView(row: WindowRow): WindowView {
  return {
    site: row.site,
    kind: row.kind,
    device: row.device,
    room: row.room,
    field: row.field,
    start: iso(row.windowStart)!,
    end: iso(row.windowEnd)!,
    count: row.count,
    min: row.min,
    max: row.max,
    mean: row.mean,
    first: row.first,
    last: row.last,
    firstAt: iso(row.firstAt),
    lastAt: iso(row.lastAt),
    peakAt: iso(row.peakAt),
    suspectCount: row.suspectCount,
    energyWh: row.energyWh,
    runtimeSeconds: row.runtimeSeconds,
    cost: row.cost,
    currency: row.currency,
    increase: row.increase,
    final: row.final,
  };
}

const CSV_COLUMNS = [
  'site', 'kind', 'device', 'room', 'field', 'tier', 'window_start', 'window_end', 'count', 'min', 'max', 'mean',
  'first', 'last', 'first_at', 'last_at', 'peak_at', 'suspect_count', 'energy_wh', 'runtime_seconds', 'cost', 'currency', 'increase', 'final',
] as const;

/** RFC 4180 CSV with a header line; empty cells for absent values; CRLF line ends. */
export function toCsv(rows: readonly WindowRow[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const row of rows) {
    const cells = [
      row.site, row.kind, row.device, row.room, row.field, row.tier, iso(row.windowStart), iso(row.windowEnd), row.count,
      row.min, row.max, row.mean, row.first, row.last, iso(row.firstAt), iso(row.lastAt), iso(row.peakAt), row.suspectCount,
      row.energyWh, row.runtimeSeconds, row.cost, row.currency, row.increase, row.final,
    ];
    lines.push(cells.map(csvCell).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

export function csvCell(value: string | number | boolean | null): string {
  if (value === null) return '';
  const text = String(value);
  // Identifiers cannot hold these (nor start with = + - @), but the format should not depend on that.
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
