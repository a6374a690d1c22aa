import type { ArchiveTier } from './settings.js';
import { rowKey, type WindowRow } from './rows.js';
import { floorTo } from './windows.js';

/**
 * Builds a longer tier's windows from the rows of a shorter one. Every stored statistic composes
 * exactly: counts, sums, energy and increases add, min/max/first/last pick, mean = sum / count.
 * Energy and increase add up exactly because the shorter windows split them at their boundaries.
 */
export function rollUp(rows: readonly WindowRow[], tier: Pick<ArchiveTier, 'label' | 'ms'>): WindowRow[] {
  const groups = new Map<string, WindowRow[]>();
  for (const row of rows) {
    const windowStart = floorTo(row.windowStart, tier.ms);
    const key = rowKey({ ...row, windowStart });
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return [...groups.values()].map((group) => {
    const windowStart = floorTo(group[0]!.windowStart, tier.ms);
    return combine(group, { label: tier.label, start: windowStart, end: windowStart + tier.ms });
  });
}

/**
 * One series' rows that tile [start, end) combined into one row for that span: a longer tier's
 * window, or a local day, week, month or shift (calendar.ts).
 */
export function combine(parts: readonly WindowRow[], span: { label: string; start: number; end: number }): WindowRow {
  const head = parts[0]!;
  const withData = parts.filter((p) => p.count > 0);
  const firstPart = minBy(withData, (p) => p.firstAt!);
  const lastPart = maxBy(withData, (p) => p.lastAt!);
  const count = sumOf(withData, (p) => p.count);
  const sum = withData.length > 0 ? sumOf(withData, (p) => p.sum!) : null;
  const peakPart = withData.reduce<WindowRow | undefined>((best, p) => (best === undefined || p.max! > best.max! || (p.max === best.max && p.peakAt! < best.peakAt!) ? p : best), undefined);
  const priced = parts.filter((p) => p.cost !== null);
  return {
    site: head.site,
    kind: head.kind,
    device: head.device,
    field: head.field,
    tier: span.label,
    windowStart: span.start,
    windowEnd: span.end,
    room: lastPart?.room ?? maxBy(parts, (p) => p.windowStart)!.room,
    count,
    suspectCount: sumOf(parts, (p) => p.suspectCount),
    min: withData.length > 0 ? Math.min(...withData.map((p) => p.min!)) : null,
    max: peakPart?.max ?? null,
    sum,
    mean: sum === null ? null : sum / count,
    first: firstPart?.first ?? null,
    last: lastPart?.last ?? null,
    firstAt: firstPart?.firstAt ?? null,
    lastAt: lastPart?.lastAt ?? null,
    peakAt: peakPart?.peakAt ?? null,
    energyWh: sumOfPresent(parts, (p) => p.energyWh),
    runtimeSeconds: sumOfPresent(parts, (p) => p.runtimeSeconds),
    // One currency per site (the tariff API refuses a second one), so costs add.
    cost: sumOfPresent(priced, (p) => p.cost),
    currency: priced[0]?.currency ?? null,
    increase: sumOfPresent(parts, (p) => p.increase),
    final: false,
  };
}

function sumOf<T>(items: readonly T[], pick: (item: T) => number): number {
  let total = 0;
  for (const item of items) total += pick(item);
  return total;
}

/** Null when no part carries the value (e.g. energy of a non-power field). */
function sumOfPresent<T>(items: readonly T[], pick: (item: T) => number | null): number | null {
  const present = items.map(pick).filter((v): v is number => v !== null);
  return present.length === 0 ? null : sumOf(present, (v) => v);
}

function minBy<T>(items: readonly T[], pick: (item: T) => number): T | undefined {
  return items.reduce<T | undefined>((best, item) => (best === undefined || pick(item) < pick(best) ? item : best), undefined);
}

function maxBy<T>(items: readonly T[], pick: (item: T) => number): T | undefined {
  return items.reduce<T | undefined>((best, item) => (best === undefined || pick(item) >= pick(best) ? item : best), undefined);
}
