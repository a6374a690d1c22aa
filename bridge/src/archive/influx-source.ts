import { influxQuery, quoteIdentifier, splitBucket, type InfluxConnection, type InfluxSeries } from '../influx/index.js';
import { isIdentifier } from '../pipeline/identifiers.js';
import type { ArchivedKind } from './fields.js';
import type { FieldSeries, Sample, SeriesKey } from './rows.js';

/** The field every point of the bridge carries: `good` or `suspect` (model/reading.ts). */
const QUALITY = 'quality';

/** How far back a counter's previous value is looked for; older ones start the counter afresh. */
export const COUNTER_LOOKBACK_MS = 7 * 24 * 3_600_000;

/** Every tag that names the series a point belongs to, and its room (kept, not split by). */
function groupBy(kind: ArchivedKind): string {
  return `GROUP BY ${['site', kind.deviceTag, 'room', ...kind.seriesTags].map(quoteIdentifier).join(', ')}`;
}

/**
 * Reads what reached InfluxDB: raw points per device and field, through InfluxQL on the v1 `/query`
 * endpoint. Raw points rather than InfluxQL aggregates because the archive needs each window's
 * first and last timestamps (selectors under GROUP BY time() return the window start instead),
 * exact energy and counter increases.
 */
export class InfluxSource {
  constructor(
    private readonly connection: InfluxConnection,
    private readonly kinds: readonly ArchivedKind[],
    private readonly maxGapMs: number,
  ) {}

  /** The earliest point of any archived kind, or undefined when there is none. */
  async earliest(): Promise<number | undefined> {
    // Every point the bridge writes carries `quality`; a single selector returns the point's own time.
    const statements = this.kinds.map((k) => `SELECT first("quality") FROM ${this.#from(k.kind)}`);
    const series = await this.#query(statements);
    const times = series.map((s) => Number(s.values[0]?.[0])).filter((t) => Number.isFinite(t));
    return times.length > 0 ? Math.min(...times) : undefined;
  }

  /**
   * Every archived field's samples with ts in [from, to), plus the neighbours the aggregation needs:
   * power readings up to the gap limit on both sides, and each counter's last value before `from`.
   */
  async fieldSeries(from: number, to: number): Promise<FieldSeries[]> {
    const statements = this.kinds.map((k) => {
      const margin = k.fields.some((f) => f.integrate) ? this.maxGapMs : 0;
      const fields = [...k.fields.map((f) => f.field), QUALITY].map(quoteIdentifier).join(', ');
      return `SELECT ${fields} FROM ${this.#from(k.kind)} WHERE ${timeRange(from - margin, to + margin)} ${groupBy(k)}`;
    });
    const series = await this.#query(statements);
    const baselines = await this.#counterBaselines(from);
    return this.#toFieldSeries([...baselines, ...series]);
  }

  /** The last value of each counter field before `from` (a single selector returns the point's own time). */
  async #counterBaselines(from: number): Promise<InfluxSeries[]> {
    const statements: string[] = [];
    for (const kind of this.kinds) {
      for (const field of kind.fields.filter((f) => f.counter)) {
        const selector = `last(${quoteIdentifier(field.field)}) AS ${quoteIdentifier(field.field)}`;
        statements.push(`SELECT ${selector} FROM ${this.#from(kind.kind)} WHERE ${timeRange(from - COUNTER_LOOKBACK_MS, from)} ${groupBy(kind)}`);
      }
    }
    return statements.length === 0 ? [] : this.#query(statements);
  }

  #toFieldSeries(series: readonly InfluxSeries[]): FieldSeries[] {
    const byKey = new Map<string, { key: SeriesKey; samples: Sample[] }>();
    for (const s of series) {
      const kind = this.kinds.find((k) => k.kind === s.name);
      const site = s.tags?.site ?? '';
      const device = kind && seriesDevice(kind, s.tags ?? {});
      if (!kind || !site || !device) continue;
      const room = s.tags?.room || undefined;
      const timeColumn = s.columns.indexOf('time');
      const qualityColumn = s.columns.indexOf(QUALITY);
      for (const field of kind.fields) {
        const column = s.columns.indexOf(field.field);
        if (column < 0) continue;
        const key = { site, kind: kind.kind, device, field: field.field };
        const id = JSON.stringify(key);
        let entry = byKey.get(id);
        if (!entry) byKey.set(id, (entry = { key, samples: [] }));
        for (const row of s.values) {
          const value = toNumber(row[column]);
          if (value === undefined) continue;
          const suspect = qualityColumn >= 0 && row[qualityColumn] === 'suspect';
          entry.samples.push({ ts: Number(row[timeColumn]), value, ...(room ? { room } : {}), ...(suspect ? { suspect } : {}) });
        }
      }
    }
    return [...byKey.values()].map(({ key, samples }) => {
      const field = this.kinds.find((k) => k.kind === key.kind)!.fields.find((f) => f.field === key.field)!;
      return { key, samples: inTimeOrder(samples), integrate: field.integrate, counter: field.counter };
    });
  }

  /** `"db"."rp"."kind"` when the bucket names a retention policy, else `"kind"`. */
  #from(kind: string): string {
    const { database, retentionPolicy } = splitBucket(this.connection.bucket);
    if (!retentionPolicy) return quoteIdentifier(kind);
    return `${quoteIdentifier(database)}.${quoteIdentifier(retentionPolicy)}.${quoteIdentifier(kind)}`;
  }

  async #query(statements: readonly string[]): Promise<InfluxSeries[]> {
    try {
      return await influxQuery(this.connection, statements.join('; '));
    } catch (error) {
      // InfluxDB 1.x answers a failed multi-statement query with only "not executed": ask again for the reason.
      const retry = /not executed/.test(String(error)) && statements.length > 1;
      const reason = retry ? await influxQuery(this.connection, statements[0]!).then(() => error, (e: unknown) => e) : error;
      // Before the bridge's first write there is no database: nothing to archive yet.
      if (/database not found/.test(String(reason))) return [];
      throw reason;
    }
  }
}

/**
 * The archive's device id of a series: the device's own tag, with the series tags appended
 * (`plug-7.port2`). Undefined when the point lacks the device tag, or when the id would not be an
 * identifier (over 64 characters): the archive's key columns hold identifiers; InfluxDB keeps the points.
 */
function seriesDevice(kind: ArchivedKind, tags: Record<string, string>): string | undefined {
  const device = tags[kind.deviceTag];
  if (!device) return undefined;
  const id = kind.seriesTags.reduce((id, tag) => (tags[tag] ? `${id}.${tag}${tags[tag]}` : id), device);
  return isIdentifier(id) ? id : undefined;
}

function timeRange(from: number, to: number): string {
  return `time >= ${Math.trunc(from)}ms AND time < ${Math.trunc(to)}ms`;
}

function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return undefined;
}

/**
 * Sorted by time; a device whose room changed shows up as two series, merged here. Two points at
 * the same time cannot both exist in one InfluxDB series; across series the later one wins.
 */
function inTimeOrder(samples: Sample[]): Sample[] {
  samples.sort((a, b) => a.ts - b.ts);
  return samples.filter((s, i) => samples[i + 1]?.ts !== s.ts);
}
