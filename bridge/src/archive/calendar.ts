import { DateTime } from 'luxon';
import type { ArchiveTier } from './settings.js';

/** Periods of local time, in a site's time zone: what people report by (`archive_period`). */
export type PeriodKind = 'day' | 'week' | 'month' | 'shift';

export interface LocalPeriod {
  readonly period: PeriodKind;
  /** Epoch ms, inclusive: local midnight (day, Monday of an ISO week, the 1st) or the shift's start. */
  readonly start: number;
  /** Epoch ms, exclusive. A local day is 23 or 25 hours long on a daylight-saving change. */
  readonly end: number;
  /** The local date the period starts on, `YYYY-MM-DD`. */
  readonly localDate: string;
  /** 1-based shift number within its local day; 0 for the other periods. */
  readonly shift: number;
}

/**
 * Every period of one kind that overlaps [from, to), in `zone`. Shift starts are minutes after
 * local midnight, ascending; a shift lasts until the next one starts (the last one past midnight).
 */
export function periodsOverlapping(kind: PeriodKind, zone: string, from: number, to: number, shiftStarts: readonly number[] = []): LocalPeriod[] {
  if (kind === 'shift') return shiftsOverlapping(zone, from, to, shiftStarts);
  const unit = kind === 'day' ? 'day' : kind === 'week' ? 'week' : 'month';
  const periods: LocalPeriod[] = [];
  // Luxon's weeks are ISO weeks: they start on Monday.
  for (let start = DateTime.fromMillis(from, { zone }).startOf(unit); start.toMillis() < to; ) {
    const end = start.plus({ [`${unit}s`]: 1 }).startOf(unit);
    periods.push({ period: kind, start: start.toMillis(), end: end.toMillis(), localDate: start.toISODate()!, shift: 0 });
    start = end;
  }
  return periods;
}

function shiftsOverlapping(zone: string, from: number, to: number, shiftStarts: readonly number[]): LocalPeriod[] {
  if (shiftStarts.length === 0) return [];
  const periods: LocalPeriod[] = [];
  // The last shift of the day before may still run at `from`.
  let day = DateTime.fromMillis(from, { zone }).startOf('day').minus({ days: 1 });
  while (day.toMillis() < to) {
    const next = day.plus({ days: 1 }).startOf('day');
    const starts = shiftStarts.map((minute) => at(day, minute));
    starts.push(at(next, shiftStarts[0]!));
    for (let i = 0; i < shiftStarts.length; i++) {
      const start = starts[i]!.toMillis();
      const end = starts[i + 1]!.toMillis();
      if (end > from && start < to && end > start) periods.push({ period: 'shift', start, end, localDate: day.toISODate()!, shift: i + 1 });
    }
    day = next;
  }
  return periods;
}

/** Local time `minute` after midnight of `day`; a time that does not exist (spring forward) moves on with the clock. */
function at(day: DateTime, minute: number): DateTime {
  return day.set({ hour: Math.floor(minute / 60), minute: minute % 60, second: 0, millisecond: 0 });
}

/** The longest tier whose windows tile [start, end) exactly, so the period is built from as few rows as possible. */
export function tilingTier(tiers: readonly ArchiveTier[], start: number, end: number): ArchiveTier | undefined {
  let found: ArchiveTier | undefined;
  for (const tier of tiers) if (start % tier.ms === 0 && end % tier.ms === 0) found = tier;
  return found;
}

/** `06:00,14:00,22:00` → minutes after midnight, ascending; problems named for the variable. */
export function parseShiftStarts(text: string, baseMs: number, problems: string[]): number[] {
  const parts = text.split(',').map((p) => p.trim()).filter((p) => p !== '');
  const minutes: number[] = [];
  for (const part of parts) {
    const minute = parseClock(part);
    if (minute === undefined) problems.push(`ARCHIVE_SHIFTS: "${part}" is not a time of day HH:MM (e.g. 06:00,14:00,22:00)`);
    else if ((minute * 60_000) % baseMs !== 0) problems.push(`ARCHIVE_SHIFTS: ${part} does not fall on a boundary of the ${baseMs / 60_000}-minute base windows`);
    else minutes.push(minute);
  }
  const sorted = [...minutes].sort((a, b) => a - b);
  if (new Set(sorted).size !== sorted.length) problems.push('ARCHIVE_SHIFTS lists a start twice');
  return sorted;
}

/** `HH:MM` (00:00–23:59) → minutes after midnight. */
export function parseClock(text: string): number | undefined {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
  return match ? Number(match[1]) * 60 + Number(match[2]) : undefined;
}

export function formatClock(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

/** True when the IANA time zone is known to this Node (its ICU data). */
export function isTimeZone(zone: string): boolean {
  return DateTime.local().setZone(zone).isValid;
}
