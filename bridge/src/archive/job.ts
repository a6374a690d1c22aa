import type { Logger } from 'pino';
import { aggregateSeries } from './aggregate.js';
import { CALENDAR_WATERMARK, CalendarJob } from './calendar-job.js';
import { ArchiveError } from './errors.js';
import type { InfluxSource } from './influx-source.js';
import type { ArchiveMetrics } from '../metrics/archive-metrics.js';
import type { Queryable } from './mysql/pool.js';
import type { ArchiveStore } from './mysql/store.js';
import { ChunkSize, chunks, finalLimit, initialWatermark, rollupChunkMs } from './plan.js';
import { rollUp } from './rollup.js';
import type { WindowRow } from './rows.js';
import type { ArchiveTier } from './settings.js';
import { priceRows, type Tariff } from './tariffs.js';
import { floorTo, ceilTo } from './windows.js';

export interface JobOptions {
  tiers: readonly ArchiveTier[];
  graceMs: number;
  maxGapMs: number;
  standbyWatts: number;
  excludeSuspect: boolean;
  /** The IANA time zone of a site: its local days, weeks, months, shifts and peak hours. */
  zoneOf: (site: string) => string;
  shiftStarts: readonly number[];
  source: InfluxSource;
  store: ArchiveStore;
  metrics: ArchiveMetrics;
  log: Logger;
}

export interface PassInput {
  now: number;
  writtenThrough: number;
  holdUntil: number;
  /** Wall-clock time after which the pass stops at the next chunk boundary (catch-up in bounded steps). */
  deadline: number;
}

export interface PassResult {
  /** True when the pass stopped early: run again soon. */
  behind: boolean;
  watermarks: Map<string, number>;
}

/**
 * One archive pass: recompute the base tier's open windows from InfluxDB, build each longer tier
 * from the one below, mark windows final and advance the watermarks. Idempotent: every row is an
 * upsert by its unique key, so a pass cut short (crash, outage) is simply done again.
 */
export class ArchiveJob {
  readonly #chunk: ChunkSize;
  readonly #calendar: CalendarJob;

  constructor(private readonly o: JobOptions) {
    this.#chunk = new ChunkSize(o.tiers[0]!.ms);
    this.#calendar = new CalendarJob(o);
  }

  async pass(db: Queryable, input: PassInput): Promise<PassResult> {
    const watermarks = await this.#watermarks(db, input.now);
    // No data in InfluxDB yet: fix no starting point, so a device's backlog arriving later is archived, not late.
    if (!watermarks) return { behind: false, watermarks: new Map() };
    const limit = finalLimit({ ...input, graceMs: this.o.graceMs });
    const tariffs = await this.o.store.tariffs(db);
    const baseComputedUntil = await this.#baseTier(db, watermarks, limit, input, tariffs);
    let computedUntil = baseComputedUntil;
    let behind = computedUntil < floorTo(input.now, this.o.tiers[0]!.ms) + this.o.tiers[0]!.ms;
    for (let i = 1; i < this.o.tiers.length; i++) {
      const reached = await this.#longerTier(db, watermarks, i, computedUntil, input.deadline);
      behind ||= reached < ceilTo(computedUntil, this.o.tiers[i]!.ms);
      computedUntil = reached;
    }
    behind ||= (await this.#localPeriods(db, watermarks, baseComputedUntil, input.deadline)) < baseComputedUntil;
    return { behind, watermarks };
  }

  /**
   * Local days, weeks, months and shifts overlapping what the tiers hold beyond the calendar
   * watermark. Every period ending at or before the base watermark is final (periods are aligned to
   * the windows they are built from), so the calendar watermark follows the base one.
   */
  async #localPeriods(db: Queryable, watermarks: Map<string, number>, computedUntil: number, deadline: number): Promise<number> {
    const base = this.o.tiers[0]!;
    let from = watermarks.get(CALENDAR_WATERMARK);
    if (from === undefined) {
      from = Math.min((await this.o.store.earliestWindow(db, base.label)) ?? Infinity, watermarks.get(base.label)!);
      await this.o.store.advanceWatermark(db, CALENDAR_WATERMARK, from);
    }
    const reached = await this.#calendar.pass(db, { from, to: computedUntil, watermarks, deadline });
    const finalUntil = Math.min(reached, watermarks.get(base.label)!);
    if (finalUntil > from) {
      await this.o.store.advanceWatermark(db, CALENDAR_WATERMARK, finalUntil);
      watermarks.set(CALENDAR_WATERMARK, finalUntil);
    }
    return reached;
  }

  /** Windows from the watermark up to the one holding `now`, in chunks; returns where it stopped. */
  async #baseTier(db: Queryable, watermarks: Map<string, number>, limit: number, input: PassInput, tariffs: readonly Tariff[]): Promise<number> {
    const tier = this.o.tiers[0]!;
    const to = floorTo(input.now, tier.ms) + tier.ms;
    let reached = watermarks.get(tier.label)!;
    while (reached < to && Date.now() <= input.deadline) {
      const start = reached;
      const end = Math.min(to, start + this.#chunk.ms);
      const series = await this.o.source.fieldSeries(start, end).catch((error: unknown) => {
        throw new ArchiveError('SP_ERR_ARCHIVE_INFLUXDB', error);
      });
      this.#chunk.record(series.reduce((n, s) => n + s.samples.length, 0));
      const options = { tier, from: start, to: end, maxGapMs: this.o.maxGapMs, standbyWatts: this.o.standbyWatts, excludeSuspect: this.o.excludeSuspect };
      const rows = priceRows(series.flatMap((s) => aggregateSeries(s, options)), tariffs, this.o.zoneOf);
      await this.#write(db, tier, rows, Math.min(end, floorTo(limit, tier.ms)), watermarks);
      reached = end;
    }
    return reached;
  }

  /** Tier i built from the rows of tier i − 1 between its watermark and where tier i − 1 was computed. */
  async #longerTier(db: Queryable, watermarks: Map<string, number>, i: number, lowerComputedUntil: number, deadline: number): Promise<number> {
    const tier = this.o.tiers[i]!;
    const lower = this.o.tiers[i - 1]!;
    const from = watermarks.get(tier.label)!;
    const lowerFinalUntil = watermarks.get(lower.label)!;
    let reached = from;
    for (const [start, end] of chunks(from, ceilTo(lowerComputedUntil, tier.ms), rollupChunkMs(tier, lower))) {
      if (Date.now() > deadline) break;
      const rows = rollUp(await this.o.store.rowsBetween(db, lower.label, start, end), tier);
      await this.#write(db, tier, rows, Math.min(end, floorTo(lowerFinalUntil, tier.ms)), watermarks);
      reached = end;
    }
    return reached;
  }

  /** Upserts a chunk's rows (final when they end at or before `finalUntil`), then moves the watermark. */
  async #write(db: Queryable, tier: ArchiveTier, rows: WindowRow[], finalUntil: number, watermarks: Map<string, number>): Promise<void> {
    const marked = rows.map((row) => ({ ...row, final: row.windowEnd <= finalUntil }));
    await this.o.store.upsert(db, marked);
    this.o.metrics.rowsWritten.inc({ tier: tier.label }, marked.length);
    this.o.metrics.windowsFinalised.inc({ tier: tier.label }, marked.filter((row) => row.final).length);
    if (finalUntil > watermarks.get(tier.label)!) {
      await this.o.store.advanceWatermark(db, tier.label, finalUntil);
      watermarks.set(tier.label, finalUntil);
    }
  }

  /**
   * Reads the watermarks; a tier seen for the first time starts at the earliest data it can be built
   * from. Undefined while InfluxDB holds no data at all.
   */
  async #watermarks(db: Queryable, now: number): Promise<Map<string, number> | undefined> {
    const watermarks = await this.o.store.watermarks(db);
    for (const [i, tier] of this.o.tiers.entries()) {
      if (watermarks.has(tier.label)) continue;
      const start = i === 0 ? await this.#firstBaseWatermark(now) : await this.#firstLongerWatermark(db, i, watermarks);
      if (start === undefined) return undefined;
      await this.o.store.advanceWatermark(db, tier.label, start);
      watermarks.set(tier.label, start);
      this.o.log.info({ tier: tier.label, from: new Date(start).toISOString() }, 'archive tier starts');
    }
    return watermarks;
  }

  async #firstBaseWatermark(now: number): Promise<number | undefined> {
    const earliest = await this.o.source.earliest().catch((error: unknown) => {
      throw new ArchiveError('SP_ERR_ARCHIVE_INFLUXDB', error);
    });
    return earliest === undefined ? undefined : initialWatermark({ earliest, now, tiers: this.o.tiers });
  }

  async #firstLongerWatermark(db: Queryable, i: number, watermarks: Map<string, number>): Promise<number> {
    const lower = this.o.tiers[i - 1]!;
    const lowerWatermark = watermarks.get(lower.label)!;
    const earliestRow = await this.o.store.earliestWindow(db, lower.label);
    return floorTo(Math.min(earliestRow ?? lowerWatermark, lowerWatermark), this.o.tiers[i]!.ms);
  }
}
