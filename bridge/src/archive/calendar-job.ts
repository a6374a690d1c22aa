import type { Logger } from 'pino';
import type { ArchiveMetrics } from '../metrics/archive-metrics.js';
import { periodsOverlapping, tilingTier, type LocalPeriod, type PeriodKind } from './calendar.js';
import type { Queryable } from './mysql/pool.js';
import type { ArchiveStore } from './mysql/store.js';
import { chunks } from './plan.js';
import { combine } from './rollup.js';
import { rowKey, type WindowRow } from './rows.js';
import type { ArchiveTier } from './settings.js';
import { DAY_MS } from './windows.js';

/** A row of `archive_period`: `tier` holds the period kind, `windowStart`/`windowEnd` its UTC bounds. */
export interface PeriodRow extends WindowRow {
  readonly localDate: string;
  readonly shift: number;
  readonly timeZone: string;
}

/** The watermark of the local periods in `archive_watermark`: every period ending at or before it is final. */
export const CALENDAR_WATERMARK = 'calendar';

export interface CalendarOptions {
  tiers: readonly ArchiveTier[];
  zoneOf: (site: string) => string;
  /** Shift starts in minutes after local midnight, ascending; empty: no shifts. */
  shiftStarts: readonly number[];
  store: ArchiveStore;
  metrics: ArchiveMetrics;
  log: Logger;
}

/** Catch-up works through this much time per step (a week of days and shifts per site). */
const STEP_MS = 7 * DAY_MS;
/** Sites are looked for this far back, so a site that fell silent still gets its open month final. */
const SITE_LOOKBACK_MS = 32 * DAY_MS;

/**
 * Days and shifts of each site's local time, built from the longest tier whose windows tile them
 * exactly (an hour tier for whole-hour zones, the base tier for +05:45); weeks and months from the
 * local days, which tile them in any zone. Everything composes exactly (rollup.ts), so a 23- or
 * 25-hour day is simply the windows it holds.
 */
export class CalendarJob {
  readonly #warned = new Set<string>();

  constructor(private readonly o: CalendarOptions) {}

  /**
   * Recomputes every period overlapping [from, to), marking final those that end at or before their
   * source tier's watermark. Returns how far it got (the deadline may cut it short).
   */
  async pass(db: Queryable, input: { from: number; to: number; watermarks: ReadonlyMap<string, number>; deadline: number }): Promise<number> {
    let reached = input.from;
    const longest = this.o.tiers[this.o.tiers.length - 1]!;
    for (const [start, end] of chunks(input.from, input.to, STEP_MS)) {
      if (Date.now() > input.deadline) break;
      for (const site of await this.o.store.sitesBetween(db, longest.label, start - SITE_LOOKBACK_MS, end)) {
        await this.#site(db, site, start, end, input.watermarks);
      }
      reached = end;
    }
    return reached;
  }

  async #site(db: Queryable, site: string, from: number, to: number, watermarks: ReadonlyMap<string, number>): Promise<void> {
    const zone = this.o.zoneOf(site);
    const days = periodsOverlapping('day', zone, from, to);
    const tiled = [...days, ...periodsOverlapping('shift', zone, from, to, this.o.shiftStarts)];
    const rows: PeriodRow[] = [];
    for (const period of tiled) {
      const tier = tilingTier(this.o.tiers, period.start, period.end);
      if (!tier) {
        this.#warnOnce(zone, `no archive tier tiles the local periods of ${zone}: add a shorter tier (e.g. 5m) to ARCHIVE_TIERS`);
        continue;
      }
      let parts = await this.o.store.rowsBetween(db, tier.label, period.start, period.end, site);
      // Shifts are what production counters are reported by; other fields have their days.
      if (period.period === 'shift') parts = parts.filter((part) => part.increase !== null);
      rows.push(...this.#combine(parts, period, zone, period.end <= (watermarks.get(tier.label) ?? -Infinity)));
    }
    await this.#write(db, rows);
    // Weeks and months from the days: those before `from` are in the table, the rest were just written.
    const daysWrittenUntil = days.length > 0 ? days[days.length - 1]!.end : from;
    const built: PeriodRow[] = [];
    for (const kind of ['week', 'month'] as const satisfies readonly PeriodKind[]) {
      for (const period of periodsOverlapping(kind, zone, from, to)) {
        const parts = await this.o.store.periodsBetween(db, 'day', site, period.start, period.end);
        const final = period.end <= daysWrittenUntil && this.#daysFinal(zone, period, watermarks);
        built.push(...this.#combine(parts, period, zone, final));
      }
    }
    await this.#write(db, built);
  }

  /** A week or month is final once each of its days is: each day ends behind the watermark of the tier it is built from. */
  #daysFinal(zone: string, period: LocalPeriod, watermarks: ReadonlyMap<string, number>): boolean {
    return periodsOverlapping('day', zone, period.start, period.end).every((day) => {
      const tier = tilingTier(this.o.tiers, day.start, day.end);
      return tier !== undefined && day.end <= (watermarks.get(tier.label) ?? -Infinity);
    });
  }

  #combine(parts: readonly WindowRow[], period: LocalPeriod, zone: string, final: boolean): PeriodRow[] {
    const bySeries = new Map<string, WindowRow[]>();
    for (const part of parts) {
      const key = rowKey({ ...part, windowStart: period.start });
      const group = bySeries.get(key);
      if (group) group.push(part);
      else bySeries.set(key, [part]);
    }
    return [...bySeries.values()].map((group) => ({
      ...combine(group, { label: period.period, start: period.start, end: period.end }),
      final,
      localDate: period.localDate,
      shift: period.shift,
      timeZone: zone,
    }));
  }

  async #write(db: Queryable, rows: readonly PeriodRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.o.store.upsertPeriods(db, rows);
    for (const period of ['day', 'week', 'month', 'shift'] as const) {
      const written = rows.filter((row) => row.tier === period);
      if (written.length === 0) continue;
      this.o.metrics.rowsWritten.inc({ tier: period }, written.length);
      this.o.metrics.windowsFinalised.inc({ tier: period }, written.filter((row) => row.final).length);
    }
  }

  #warnOnce(key: string, message: string): void {
    if (this.#warned.has(key)) return;
    this.#warned.add(key);
    this.o.log.warn(message);
  }
}
