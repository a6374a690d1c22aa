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
  return [...groups.values()].map((group) => combine(group, tier));
}

function combine(parts: readonly WindowRow[], tier: Pick<ArchiveTier, 'label' | 'ms'>): WindowRow {
  const head = parts[0]!;
  const withData = parts.filter((p) => p.count > 0);
  const firstPart = minBy(withData, (p) => p.firstAt!);
  const lastPart = maxBy(withData, (p) => p.lastAt!);
  const count = sumOf(withData, (p) => p.count);
  const sum = withData.length > 0 ? sumOf(withData, (p) => p.sum!) : null;
  const windowStart = floorTo(head.windowStart, tier.ms);
  return {
    site: head.site,
    kind: head.kind,
    device: head.device,
    field: head.field,
    tier: tier.label,
    windowStart,
    windowEnd: windowStart + tier.ms,
    room: lastPart?.room ?? maxBy(parts, (p) => p.windowStart)!.room,
    count,
    min: withData.length > 0 ? Math.min(...withData.map((p) => p.min!)) : null,
    max: withData.length > 0 ? Math.max(...withData.map((p) => p.max!)) : null,
    sum,
    mean: sum === null ? null : sum / count,
    first: firstPart?.first ?? null,
    last: lastPart?.last ?? null,
    firstAt: firstPart?.firstAt ?? null,
    lastAt: lastPart?.lastAt ?? null,
    energyWh: sumOfPresent(parts, (p) => p.energyWh),
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
