import { createConnection, type Connection } from 'mysql2/promise';

/** Minimal clients for the three databases, speaking their HTTP/SQL APIs the way Grafana's backends do. */

export interface InfluxSeries {
  name: string;
  tags: Record<string, string>;
  columns: string[];
  values: unknown[][];
}

interface InfluxResponse {
  results?: Array<{ statement_id: number; series?: Array<Partial<InfluxSeries>>; error?: string }>;
  error?: string;
}

/** InfluxDB 1.x /query, POST like Grafana's `httpMode: POST`, epoch=ms. */
export class InfluxClient {
  constructor(
    readonly url: string,
    readonly database: string,
  ) {}

  async query(q: string): Promise<InfluxSeries[]> {
    const body = new URLSearchParams({ db: this.database, q, epoch: 'ms' });
    const response = await fetch(`${this.url}/query`, { method: 'POST', body, signal: AbortSignal.timeout(30_000) });
    const json = (await response.json()) as InfluxResponse;
    const error = json.error ?? json.results?.find((r) => r.error)?.error;
    if (!response.ok || error) throw new Error(`InfluxDB refused ${q}: ${error ?? response.status}`);
    return (json.results ?? []).flatMap((r) =>
      (r.series ?? []).map((s) => ({ name: s.name ?? '', tags: s.tags ?? {}, columns: s.columns ?? [], values: s.values ?? [] })),
    );
  }

  async write(lines: string[]): Promise<void> {
    const response = await fetch(`${this.url}/write?db=${encodeURIComponent(this.database)}&precision=ms`, { method: 'POST', body: lines.join('\n') });
    if (!response.ok) throw new Error(`InfluxDB write failed: ${response.status} ${await response.text()}`);
  }
}

/** True when some row has a non-null value in a column other than `time`. */
export function influxHasRows(series: InfluxSeries[]): boolean {
  return series.some((s) => s.values.some((row) => row.some((v, i) => s.columns[i] !== 'time' && v !== null)));
}

export interface PromSeries {
  metric: Record<string, string>;
  values: Array<[number, string]>;
}

interface PromResponse<T> {
  status: 'success' | 'error';
  data: T;
  error?: string;
}

export class PrometheusClient {
  constructor(readonly url: string) {}

  /** POST for queries (long expressions), GET where the API allows only that. */
  async #get<T>(path: string, params: Record<string, string>, method: 'GET' | 'POST' = 'POST'): Promise<T> {
    const body = new URLSearchParams(params);
    const url = method === 'GET' ? `${this.url}${path}?${body}` : `${this.url}${path}`;
    const response = await fetch(url, { method, ...(method === 'POST' ? { body } : {}), signal: AbortSignal.timeout(30_000) });
    const json = (await response.json()) as PromResponse<T>;
    if (json.status !== 'success') throw new Error(`Prometheus refused ${JSON.stringify(params)}: ${json.error}`);
    return json.data;
  }

  async instant(query: string, timeMs: number): Promise<PromSeries[]> {
    const data = await this.#get<{ resultType: string; result: Array<{ metric: Record<string, string>; value: [number, string] }> }>(
      '/api/v1/query',
      { query, time: String(timeMs / 1000) },
    );
    if (data.resultType === 'scalar') return [{ metric: {}, values: [data.result as unknown as [number, string]] }];
    return data.result.map((r) => ({ metric: r.metric, values: [r.value] }));
  }

  async range(query: string, startMs: number, endMs: number, stepMs: number): Promise<PromSeries[]> {
    const data = await this.#get<{ result: PromSeries[] }>('/api/v1/query_range', {
      query,
      start: String(startMs / 1000),
      end: String(endMs / 1000),
      step: String(stepMs / 1000),
    });
    return data.result;
  }

  /** `label_values(selector, label)` the way the Prometheus datasource runs it: /api/v1/series. */
  async labelValues(selector: string, label: string, startMs: number, endMs: number): Promise<string[]> {
    const data = await this.#get<Array<Record<string, string>>>('/api/v1/series', {
      'match[]': selector,
      start: String(startMs / 1000),
      end: String(endMs / 1000),
    });
    return [...new Set(data.map((s) => s[label]).filter((v): v is string => v !== undefined))].sort();
  }

  async rules(): Promise<Array<{ name: string; type: string; state?: string; health: string; lastError?: string }>> {
    const data = await this.#get<{ groups: Array<{ rules: Array<{ name: string; type: string; state?: string; health: string; lastError?: string }> }> }>(
      '/api/v1/rules',
      {},
      'GET',
    );
    return data.groups.flatMap((g) => g.rules);
  }
}

/** True when some sample is a number (NaN counts as no data: Grafana draws nothing for it). */
export function promHasRows(series: PromSeries[]): boolean {
  return series.some((s) => s.values.some(([, v]) => !Number.isNaN(Number(v))));
}

export async function connectMysql(url: string): Promise<Connection> {
  const connection = await createConnection({ uri: url, dateStrings: false, timezone: 'Z' });
  // Grafana's MySQL datasource with `timezone: '+00:00'` sets the session time zone like this.
  await connection.query("SET time_zone = '+00:00'");
  return connection;
}
