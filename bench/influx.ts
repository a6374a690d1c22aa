/** InfluxQL over HTTP against the bench's InfluxDB 1.x: databases, counts and counts per time bucket. */

interface Series {
  name: string;
  tags?: Record<string, string>;
  columns?: string[];
  values?: Array<[number, number]>;
}

interface QueryAnswer {
  results?: Array<{ series?: Series[]; error?: string }>;
  error?: string;
}

export class InfluxApi {
  constructor(private readonly url: string) {}

  async ping(): Promise<boolean> {
    const response = await fetch(`${this.url}/ping`, { signal: AbortSignal.timeout(2000) }).catch(() => undefined);
    return response?.status === 204;
  }

  /** Drops and creates the database, so a run counts only its own points. */
  async recreateDatabase(database: string): Promise<void> {
    await this.command(`DROP DATABASE ${quoteIdentifier(database)}`);
    await this.command(`CREATE DATABASE ${quoteIdentifier(database)}`);
  }

  /**
   * Points in the database with a timestamp in [sinceMs, untilMs). Every contender writes a
   * `quality` field with every point (as the bridge does), so counting it counts points.
   */
  async countPoints(database: string, sinceMs = 0, untilMs?: number, condition?: string): Promise<number> {
    const series = await this.query(database, `SELECT count("quality") FROM /.*/ WHERE ${where(sinceMs, untilMs, condition)}`);
    return series.reduce((sum, s) => sum + (s.values?.[0]?.[1] ?? 0), 0);
  }

  /**
   * Points the shards of `database` accepted since InfluxDB started (its `shard` statistics): free to
   * ask, unlike a count, but a point written twice counts twice.
   */
  async pointsWritten(database: string): Promise<number> {
    const answer = await this.request(`${this.url}/query?${new URLSearchParams({ q: "SHOW STATS FOR 'shard'" })}`, { method: 'GET' });
    let written = 0;
    for (const s of answer.results?.[0]?.series ?? []) {
      if (s.tags?.database !== database) continue;
      const column = s.columns?.indexOf('writePointsOk') ?? -1;
      written += column < 0 ? 0 : Number(s.values?.[0]?.[column] ?? 0);
    }
    return written;
  }

  /** Points per time bucket (start → count) in [fromMs, toMs), of those `condition` selects; empty buckets are left out. */
  async countPerBucket(database: string, fromMs: number, toMs: number, bucketMs: number, condition?: string): Promise<Map<number, number>> {
    const q = `SELECT count("quality") FROM /.*/ WHERE ${where(fromMs, toMs, condition)} GROUP BY time(${bucketMs}ms) fill(none)`;
    const counts = new Map<number, number>();
    for (const s of await this.query(database, q)) {
      for (const [time, count] of s.values ?? []) counts.set(time, (counts.get(time) ?? 0) + count);
    }
    return counts;
  }

  private async query(database: string, q: string): Promise<Series[]> {
    const params = new URLSearchParams({ db: database, q, epoch: 'ms' });
    const answer = await this.request(`${this.url}/query?${params}`, { method: 'GET' });
    const result = answer.results?.[0];
    if (result?.error?.includes('database not found')) return [];
    if (result?.error) throw new Error(`InfluxDB: ${result.error}`);
    return result?.series ?? [];
  }

  private async command(q: string): Promise<void> {
    const answer = await this.request(`${this.url}/query`, { method: 'POST', body: new URLSearchParams({ q }) });
    const error = answer.results?.find((r) => r.error)?.error;
    if (error) throw new Error(`InfluxDB: ${error} (${q})`);
  }

  private async request(url: string, init: RequestInit): Promise<QueryAnswer> {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
    const answer = (await response.json()) as QueryAnswer;
    if (answer.error) throw new Error(`InfluxDB: ${answer.error}`);
    return answer;
  }
}

/** Points stamped in [fromMs, toMs) (no end when absent), and selected by `condition` when given. */
function where(fromMs: number, toMs: number | undefined, condition: string | undefined): string {
  return [`time >= ${fromMs}ms`, ...(toMs === undefined ? [] : [`time < ${toMs}ms`]), ...(condition === undefined ? [] : [condition])].join(' AND ');
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '\\"')}"`;
}
