import { influxRequest } from './http.js';
import { splitBucket, v1AuthParams, type InfluxConnection } from './server.js';

/** One series of an InfluxQL answer, as the v1 `/query` endpoint returns it. */
export interface InfluxSeries {
  name: string;
  tags?: Record<string, string>;
  columns: string[];
  values: unknown[][];
}

export class InfluxQueryError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'InfluxQueryError';
  }
}

/**
 * Runs InfluxQL through the v1 `/query` endpoint, which 1.x answers natively and 2.x/3.x through
 * their v1 compatibility API (DBRP mapping). Timestamps come back as epoch milliseconds.
 */
export async function influxQuery(
  connection: InfluxConnection,
  query: string,
  options: { database?: string; method?: 'GET' | 'POST' } = {},
): Promise<InfluxSeries[]> {
  const params = v1AuthParams(connection);
  params.set('db', options.database ?? splitBucket(connection.bucket).database);
  params.set('epoch', 'ms');
  params.set('q', query);
  const headers: Record<string, string> = {};
  const token = connection.token.reveal();
  if (token && !token.includes(':')) headers.authorization = `Token ${token}`;
  const method = options.method ?? (/^\s*(select|show)\b/i.test(query) ? 'GET' : 'POST');
  const { status, text } =
    method === 'GET'
      ? await influxRequest(connection, `/query?${params}`, { headers })
      : await influxRequest(connection, '/query', {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
          body: params.toString(),
        });
  if (status < 200 || status > 299) throw new InfluxQueryError(`InfluxDB answered ${status}: ${text.slice(0, 300)}`, status);
  const body = JSON.parse(text) as { results?: Array<{ error?: string; series?: InfluxSeries[] }>; error?: string };
  if (body.error) throw new InfluxQueryError(body.error);
  const series: InfluxSeries[] = [];
  for (const result of body.results ?? []) {
    if (result.error) throw new InfluxQueryError(result.error);
    series.push(...(result.series ?? []));
  }
  return series;
}

/** Quotes an identifier for InfluxQL (`"a""b"` style is not InfluxQL: it escapes with a backslash). */
export function quoteIdentifier(name: string): string {
  return `"${name.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** Quotes a string literal for InfluxQL. */
export function quoteString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
