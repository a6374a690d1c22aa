import type { AlertQuery, AlertRule, Evaluator, Reducer } from '../../src/alerting/model.js';
import type { Connection, RowDataPacket } from 'mysql2/promise';
import type { InfluxClient, PrometheusClient } from './clients.js';
import { expandInfluxQl, expandPromQl, expandSql, type TimeRange } from './macros.js';

/**
 * Evaluates a provisioned Grafana alert rule once, at `now`, against the real databases: its
 * queries over their relative time ranges, then Grafana's server-side `reduce` and `threshold`
 * expressions (the only ones the rules use; anything else is refused). Pending periods (`for`)
 * are not simulated: the result says which instances meet the condition now.
 */

export interface Series {
  labels: Record<string, string>;
  values: Array<number | null>;
}

export interface RuleEvaluation {
  /** Series per refId (queries and expressions). */
  results: Map<string, Series[]>;
  /** Instances that meet the condition, as their labels. */
  firing: Array<Record<string, string>>;
  /** Series the data queries returned, over all of them. */
  seriesCount: number;
}

export interface AlertBackends {
  influx?: InfluxClient;
  prometheus?: { client: PrometheusClient; scrapeIntervalMs: number };
  mysql?: Connection;
}

export async function evaluateRule(rule: AlertRule, backends: AlertBackends, now: number): Promise<RuleEvaluation> {
  const results = new Map<string, Series[]>();
  let seriesCount = 0;
  for (const query of rule.data) {
    const series = query.datasourceUid === '__expr__' ? expression(query, results) : await dataQuery(query, backends, now);
    if (query.datasourceUid !== '__expr__') seriesCount += series.length;
    results.set(query.refId, series);
  }
  const condition = results.get(rule.condition);
  if (!condition) throw new Error(`rule ${rule.uid}: condition ${rule.condition} is not a refId`);
  return { results, firing: condition.filter((s) => s.values[0] === 1).map((s) => s.labels), seriesCount };
}

async function dataQuery(query: AlertQuery, backends: AlertBackends, now: number): Promise<Series[]> {
  const relative = query.relativeTimeRange ?? { from: 600, to: 0 };
  const range: TimeRange = { from: now - relative.from * 1000, to: now - relative.to * 1000 };
  const intervalMs = Number(query.model.intervalMs ?? 1000);
  if (query.datasourceUid === 'sensorplus-influxdb' && backends.influx) {
    const series = await backends.influx.query(expandInfluxQl(String(query.model.query), { range, intervalMs }));
    // Grafana makes one series per numeric column, labelled with the InfluxDB tags.
    return series.flatMap((s) =>
      s.columns
        .map((column, i) => ({ column, i }))
        .filter(({ column }) => column !== 'time')
        .map(({ i }) => ({ labels: s.tags, values: s.values.map((row) => (typeof row[i] === 'number' ? (row[i] as number) : null)) })),
    );
  }
  if (query.datasourceUid === 'sensorplus-prometheus' && backends.prometheus) {
    const { client, scrapeIntervalMs } = backends.prometheus;
    const expr = expandPromQl(String(query.model.expr), { range, intervalMs, scrapeIntervalMs });
    if (query.model.instant !== true) throw new Error('alert rules use instant PromQL queries only');
    const series = await client.instant(expr, range.to);
    return series.map((s) => ({ labels: s.metric, values: s.values.map(([, v]) => Number(v)) }));
  }
  if (query.datasourceUid === 'sensorplus-mysql' && backends.mysql) {
    if (query.model.format !== 'table') throw new Error('alert rules use SQL in table format only');
    const [rows] = await backends.mysql.query<RowDataPacket[]>(expandSql(String(query.model.rawSql), { range, intervalMs }));
    return rows.map(tableRowSeries);
  }
  throw new Error(`no backend for alert query on ${query.datasourceUid}`);
}

/** Grafana's rule for SQL tables in alerting: string columns are labels, the one numeric column the value. */
function tableRowSeries(row: RowDataPacket): Series {
  const labels: Record<string, string> = {};
  const numbers: number[] = [];
  for (const [column, value] of Object.entries(row)) {
    if (typeof value === 'string') labels[column] = value;
    else if (typeof value === 'number') numbers.push(value);
  }
  if (numbers.length !== 1) throw new Error(`an alert SQL row needs exactly one numeric column: ${JSON.stringify(row)}`);
  return { labels, values: numbers };
}

function expression(query: AlertQuery, results: Map<string, Series[]>): Series[] {
  const model = query.model as unknown as { type: string; expression: string; reducer?: Reducer; settings?: { mode?: string }; conditions?: Array<{ evaluator: Evaluator }> };
  const input = results.get(model.expression);
  if (!input) throw new Error(`expression ${query.refId} reads ${model.expression}, which is not evaluated before it`);
  if (model.type === 'reduce') {
    if (model.settings?.mode !== 'dropNN') throw new Error('only the dropNN reduce mode is supported');
    return input.map((s) => ({ labels: s.labels, values: [reduceValues(s.values, model.reducer ?? 'last')] }));
  }
  if (model.type === 'threshold') {
    const evaluator = model.conditions?.[0]?.evaluator;
    if (!evaluator || model.conditions!.length !== 1) throw new Error('a threshold needs exactly one evaluator');
    return input.map((s) => ({ labels: s.labels, values: [meets(s.values[0] ?? null, evaluator)] }));
  }
  throw new Error(`expression type ${model.type} is not supported by the test evaluator`);
}

/** Grafana's reducers with mode dropNN: nulls and NaN are dropped first. */
export function reduceValues(values: Array<number | null>, reducer: Reducer): number | null {
  const numbers = values.filter((v): v is number => v !== null && !Number.isNaN(v));
  if (reducer === 'count') return numbers.length;
  if (numbers.length === 0) return null;
  switch (reducer) {
    case 'last':
      return numbers[numbers.length - 1]!;
    case 'sum':
      return numbers.reduce((a, b) => a + b, 0);
    case 'mean':
      return numbers.reduce((a, b) => a + b, 0) / numbers.length;
    case 'min':
      return Math.min(...numbers);
    case 'max':
      return Math.max(...numbers);
  }
}

/** Grafana's threshold evaluators: 1 when the condition holds, 0 when not, null without a value. */
export function meets(value: number | null, e: Evaluator): number | null {
  if (value === null) return null;
  switch (e.type) {
    case 'gt':
      return value > e.params[0] ? 1 : 0;
    case 'lt':
      return value < e.params[0] ? 1 : 0;
    case 'within_range':
      return value > e.params[0] && value < e.params[1] ? 1 : 0;
    case 'outside_range':
      return value < e.params[0] || value > e.params[1] ? 1 : 0;
  }
}
