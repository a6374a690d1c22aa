import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { Pool, PoolConnection } from 'mysql2/promise';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { isRetryable, messageOf } from '../errors.js';
import type { InfluxConnection } from '../influx/index.js';
import { createArchiveMetrics, type ArchiveMetrics } from '../metrics/archive-metrics.js';
import type { Reading } from '../model/reading.js';
import type { Profile } from '../profiles/types.js';
import type { WrittenFeed } from '../sinks/sink.js';
import { archiveRoutes } from './api.js';
import { CALENDAR_WATERMARK } from './calendar-job.js';
import { ARCHIVE_ERROR_STAGES, archiveCodeOf } from './errors.js';
import { archivedKinds } from './fields.js';
import { InfluxSource } from './influx-source.js';
import { ArchiveJob } from './job.js';
import { finalLimit } from './plan.js';
import { ceilTo, floorTo } from './windows.js';
import { migrate } from './mysql/migrate.js';
import { MIGRATIONS } from './mysql/migrations.js';
import { createArchivePool, type Queryable } from './mysql/pool.js';
import { ArchiveStore } from './mysql/store.js';
import { reportSql } from './reports.js';
import { applyRetention, RETENTION_EVERY_MS } from './retention.js';
import type { Tariff } from './tariffs.js';
import type { ArchiveConfig, MysqlSettings } from './settings.js';

export type { ArchiveConfig, ArchiveTier } from './settings.js';

/** What the archive consumes, by name; the wiring connects each to the part that provides it. */
export interface ArchiveInputs {
  /** The raw points the rollups are computed from. */
  influx: InfluxConnection;
  /** The device profiles: which measurements and fields there are, which are power and which counters. */
  profiles: readonly Profile[];
  /**
   * Receive time of the oldest reading not yet written to InfluxDB (now when none is waiting): the
   * InfluxDB sink's queue cursor. Windows become final only behind it, so a backlog or an InfluxDB
   * outage never finalises a window with points missing.
   */
  writtenThrough: () => number;
  /**
   * Each batch once the InfluxDB sink has written it, for the late-reading count. Absent where
   * another process writes InfluxDB (the archive alone, in a tool or a test).
   */
  written?: WrittenFeed;
}

export interface ArchiveDependencies extends ArchiveInputs {
  registry: Registry;
  log: Logger;
  /** Makes the MySQL pool; the real one (mysql/pool.ts) unless a test passes another. */
  createPool?: (settings: MysqlSettings) => Pool;
  /** The clock; tests pass their own. */
  now?: () => number;
}

export interface Archive {
  /** Starts the periodic job in the background (migrations first, retried until MySQL answers); never blocks on MySQL. */
  start(): Promise<void>;
  /** Stops the job after the chunk in flight and closes the pool. */
  stop(): Promise<void>;
  /** Told every reading once it is in InfluxDB (the `written` input): counts those whose window is (being) finalised without it. */
  noteReading(reading: Reading): void;
  /** One run until caught up (for tests and tools); throws what the run hit. */
  runOnce(): Promise<void>;
  /** `GET /api/archive`. */
  routes: FastifyPluginAsync;
  readiness(): { ok: boolean; detail?: string };
}

/** The archive described by `config`; a no-op one when MYSQL_URL is empty. */
export function createArchive(config: ArchiveConfig, deps: ArchiveDependencies): Archive {
  return config.mysql ? new MysqlArchive(config, config.mysql, deps) : disabledArchive();
}

/** Catch-up proceeds in passes of about this long, so stop() and the event loop are never kept waiting. */
const PASS_BUDGET_MS = 5_000;

class MysqlArchive implements Archive {
  readonly routes: FastifyPluginAsync;
  readonly #pool;
  readonly #store = new ArchiveStore();
  readonly #job: ArchiveJob;
  readonly #metrics: ArchiveMetrics;
  readonly #log: Logger;
  readonly #now: () => number;
  readonly #lockName: string;
  /**
   * The connection holding the job's lock while this bridge leads. Kept between runs, so the job
   * stays on one bridge until it stops, fails a run or dies: MySQL then frees the lock with the
   * connection, and the next bridge to try takes it over.
   */
  #leader: PoolConnection | undefined;
  #watermarks = new Map<string, number>();
  /** Where the pass under way may finalise the base tier up to; set before it reads InfluxDB. */
  #finalising = -Infinity;
  #migrated = false;
  #lastError: string | undefined;
  #holdUntil = -Infinity;
  #lastRetention = -Infinity;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<boolean> | undefined;
  #stopping = false;
  /** Set by an error that retrying cannot fix (errors.ts): no more runs until a restart. */
  #halted = false;

  constructor(
    private readonly config: ArchiveConfig,
    mysql: MysqlSettings,
    private readonly deps: ArchiveDependencies,
  ) {
    this.#log = deps.log.child({ component: 'archive' });
    this.#now = deps.now ?? Date.now;
    this.#pool = (deps.createPool ?? createArchivePool)(mysql);
    this.#lockName = `sensorplus_archive.${mysql.database}`.slice(0, 64);
    const labels = { tiers: config.tiers.map((t) => t.label), errorStages: Object.values(ARCHIVE_ERROR_STAGES) };
    this.#metrics = createArchiveMetrics(deps.registry, labels, (tier) => {
      const watermark = this.#watermarks.get(tier);
      return watermark === undefined ? undefined : Math.max(0, this.#now() - watermark);
    });
    deps.written?.subscribe((items) => {
      for (const item of items) this.noteReading(item.reading);
    });
    this.#job = new ArchiveJob({
      tiers: config.tiers,
      graceMs: config.graceMs,
      maxGapMs: config.maxGapMs,
      standbyWatts: config.standbyWatts,
      excludeSuspect: config.excludeSuspect,
      zoneOf: (site) => config.siteTimeZones.get(site) ?? config.timeZone,
      shiftStarts: config.shiftStarts,
      source: new InfluxSource(deps.influx, archivedKinds(deps.profiles), config.maxGapMs),
      store: this.#store,
      metrics: this.#metrics,
      log: this.#log,
    });
    this.routes = archiveRoutes({
      tiers: config.tiers,
      now: this.#now,
      query: (q) => this.#store.queryWindows(this.#pool, q),
      report: (q) => {
        const { sql, values } = reportSql(q);
        return this.#store.queryView(this.#pool, sql, values);
      },
      tariffs: () => this.#store.tariffs(this.#pool),
      putTariff: (tariff) => this.#putTariff(tariff),
      onError: (error) => {
        this.#metrics.errors.inc({ stage: ARCHIVE_ERROR_STAGES.SP_ERR_ARCHIVE_MYSQL });
        this.#log.warn({ err: messageOf(error) }, 'archive query failed');
      },
    });
  }

  async start(): Promise<void> {
    this.#holdUntil = this.#now() + this.config.graceMs;
    this.#schedule(0);
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    clearTimeout(this.#timer);
    await this.#running?.catch(() => undefined);
    const leader = this.#leader;
    if (leader) {
      await this.#store.unlock(leader, this.#lockName).catch(() => undefined);
      this.#resign(leader, 'release');
    }
    await this.#pool.end().catch(() => undefined);
  }

  /**
   * Called once a reading is in InfluxDB. Its window may already be final, or be finalised by the pass
   * under way, which may have read InfluxDB before the reading landed: either way it is counted late.
   * (A pass that then fails over-counts; a late reading is never missed.)
   */
  noteReading(reading: Reading): void {
    const watermark = this.#watermarks.get(this.config.tiers[0]!.label) ?? -Infinity;
    if (reading.ts < Math.max(watermark, this.#finalising)) this.#metrics.lateReadings.inc({ kind: reading.measurement });
  }

  async runOnce(): Promise<void> {
    while (await this.#serialized(Infinity)) {
      // Behind: another pass.
    }
  }

  /**
   * A new rate never reprices a final window. A tariff starts at the earliest where windows may
   * still change: after the final watermark and after what a pass running now (on any bridge, with
   * the tariffs it read before this one) may finalise, which is at most its start minus the grace
   * period. One currency for all tariffs, so costs add up across sites, days and tariff changes.
   */
  async #putTariff(tariff: Tariff): Promise<string | undefined> {
    const [watermarks, existing] = await Promise.all([this.#store.watermarks(this.#pool), this.#store.tariffs(this.#pool)]);
    const base = this.config.tiers[0]!;
    const finalUntil = Math.max(watermarks.get(base.label) ?? -Infinity, watermarks.get(CALENDAR_WATERMARK) ?? -Infinity);
    const earliest = ceilTo(Math.max(finalUntil, this.#now() - this.config.graceMs), base.ms);
    if (tariff.effectiveFrom < earliest) {
      return `costs up to ${new Date(earliest).toISOString()} are final or being finalised and no longer change; a tariff can take effect from then on`;
    }
    const other = existing.find((t) => t.currency !== tariff.currency);
    if (other) return `the tariffs are in ${other.currency}; one currency for all, so that costs add up (change every tariff's currency in the database first)`;
    await this.#store.putTariff(this.#pool, tariff);
    this.#log.info({ site: tariff.site, effectiveFrom: new Date(tariff.effectiveFrom).toISOString(), rate: tariff.rate, peak: tariff.peak }, 'tariff stored');
    return undefined;
  }

  readiness(): { ok: boolean; detail?: string } {
    if (this.#lastError !== undefined) return { ok: false, detail: `archive: ${this.#lastError}` };
    if (!this.#migrated) return { ok: false, detail: 'archive: MySQL not reached yet' };
    return { ok: true };
  }

  #schedule(delayMs: number): void {
    if (this.#stopping || this.#halted) return;
    this.#timer = setTimeout(() => void this.#tick(), delayMs);
    this.#timer.unref();
  }

  async #tick(): Promise<void> {
    let behind = false;
    try {
      behind = await this.#serialized(PASS_BUDGET_MS);
    } catch {
      // Recorded by #run; the next tick retries.
    }
    this.#schedule(behind ? 0 : this.config.intervalMs);
  }

  /** One run at a time, whether from the timer or runOnce. Resolves true when still behind. */
  async #serialized(budgetMs: number): Promise<boolean> {
    while (this.#running) await this.#running.catch(() => undefined);
    const run = this.#run(budgetMs);
    this.#running = run;
    try {
      return await run;
    } finally {
      if (this.#running === run) this.#running = undefined;
    }
  }

  async #run(budgetMs: number): Promise<boolean> {
    const started = process.hrtime.bigint();
    try {
      const behind = await this.#passIfLeading(budgetMs);
      this.#succeeded();
      return behind;
    } catch (error) {
      this.#failed(error);
      throw error;
    } finally {
      this.#metrics.runDuration.observe(Number(process.hrtime.bigint() - started) / 1e9);
    }
  }

  /** Runs a pass on the connection holding the job lock, if this bridge leads or can take the lead. */
  async #passIfLeading(budgetMs: number): Promise<boolean> {
    const connection = this.#leader ?? (await this.#takeLead());
    if (!connection) return false;
    try {
      return await this.#pass(connection, budgetMs);
    } catch (error) {
      // A connection that failed may be half-broken: drop it (and the lock with it), the pool opens a new one.
      this.#resign(connection, 'destroy');
      throw error;
    }
  }

  /** Migrates once, then tries the job lock; undefined while another bridge holds it. */
  async #takeLead(): Promise<PoolConnection | undefined> {
    const connection = await this.#pool.getConnection();
    let locked = false;
    try {
      if (!this.#migrated) await this.#migrate(connection);
      locked = await this.#store.tryLock(connection, this.#lockName);
    } catch (error) {
      connection.destroy();
      throw error;
    }
    if (!locked) {
      connection.release();
      this.#log.debug('another bridge is running the archive job');
      return undefined;
    }
    this.#leader = connection;
    this.#metrics.leader.set(1);
    this.#log.info('this bridge now runs the archive job');
    return connection;
  }

  #resign(connection: PoolConnection, how: 'release' | 'destroy'): void {
    this.#leader = undefined;
    this.#metrics.leader.set(0);
    connection[how]();
  }

  async #pass(connection: Queryable, budgetMs: number): Promise<boolean> {
    const now = this.#now();
    const input = { now, writtenThrough: this.deps.writtenThrough(), holdUntil: this.#holdUntil, deadline: Date.now() + budgetMs };
    const base = this.config.tiers[0]!;
    this.#finalising = Math.max(this.#finalising, floorTo(finalLimit({ ...input, graceMs: this.config.graceMs }), base.ms));
    const result = await this.#job.pass(connection, input);
    this.#watermarks = result.watermarks;
    if (!result.behind && now - this.#lastRetention >= RETENTION_EVERY_MS) {
      await applyRetention(connection, this.#store, this.config.tiers, now, this.#metrics);
      this.#lastRetention = now;
    }
    return result.behind;
  }

  async #migrate(connection: Parameters<typeof migrate>[0]): Promise<void> {
    const applied = await migrate(connection, MIGRATIONS);
    this.#migrated = true;
    this.#log.info({ applied, version: Math.max(...MIGRATIONS.map((m) => m.version)) }, 'archive schema is up to date');
  }

  #succeeded(): void {
    if (this.#lastError !== undefined) this.#log.info('archive runs succeed again');
    this.#lastError = undefined;
    this.#metrics.up.set(1);
  }

  #failed(error: unknown): void {
    const code = archiveCodeOf(error);
    const stage = ARCHIVE_ERROR_STAGES[code];
    const message = messageOf(error);
    this.#metrics.errors.inc({ stage });
    this.#metrics.up.set(0);
    if (!isRetryable(code)) {
      this.#halted = true;
      this.#lastError = `${stage}: ${message} (${code}: stopped until a restart)`;
      this.#log.error({ stage, code, err: message }, 'archive job stopped: retrying cannot help; fix the cause and restart (raw data stays in InfluxDB and is archived then)');
      return;
    }
    // Once per outage at warn level; repeats at debug, so a long outage does not flood the log.
    if (this.#lastError === undefined) this.#log.warn({ stage, err: message }, 'archive run failed; retrying, nothing is lost');
    else this.#log.debug({ stage, err: message }, 'archive run failed again');
    this.#lastError = `${stage}: ${message}`;
  }
}

function disabledArchive(): Archive {
  return {
    start: async () => undefined,
    stop: async () => undefined,
    noteReading: () => undefined,
    runOnce: async () => undefined,
    routes: async (app) => {
      const off = async (_request: unknown, reply: FastifyReply) =>
        reply.code(404).send({ error: 'archive_disabled', message: 'The MySQL archive is off: set MYSQL_URL to turn it on.' });
      for (const url of ['/api/archive', '/api/archive/:report', '/api/tariffs']) app.get(url, off);
      app.put('/api/tariffs', off);
    },
    readiness: () => ({ ok: true, detail: 'archive off (MYSQL_URL is empty)' }),
  };
}
