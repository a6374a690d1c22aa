import type { Connection, RowDataPacket } from 'mysql2/promise';
import { influxHasRows, promHasRows, type InfluxClient, type PrometheusClient } from './clients.js';
import { GRAFANA_LIVE_UID, panelQueries, variableQuery, type DashboardJson, type PanelQuery, type VariableJson } from './files.js';
import {
  calculateIntervalMs,
  expandInfluxQl,
  expandInfluxVariableQuery,
  expandPromQl,
  expandPromVariableQuery,
  expandSql,
  panelRange,
  resolveRelativeTime,
  type TimeRange,
  type Variables,
} from './macros.js';

/**
 * Runs a dashboard the way Grafana would: resolves its variables with their own queries, then
 * expands and runs every panel query over the dashboard's (or the panel's) time range.
 */

export interface Backends {
  influx?: { client: InfluxClient; minIntervalMs: number };
  prometheus?: { client: PrometheusClient; scrapeIntervalMs: number };
  mysql?: { connection: Connection; minIntervalMs: number };
}

/** Grafana asks for about one point per pixel; a half-width panel is roughly 1,000 px wide. */
export const DEFAULT_RESOLUTION = 1000;

/** Per variable: the values to select, or 'all'. Variables not named keep the dashboard's current value. */
export type Selection = Record<string, string[] | 'all'>;

export function dashboardRange(dashboard: DashboardJson, now: number): TimeRange {
  return { from: resolveRelativeTime(dashboard.time.from, now), to: resolveRelativeTime(dashboard.time.to, now) };
}

export async function resolveVariables(
  dashboard: DashboardJson,
  backends: Backends,
  range: TimeRange,
  selection: Selection = {},
): Promise<{ variables: Variables; options: Record<string, string[]> }> {
  const variables: Variables = {};
  const options: Record<string, string[]> = {};
  for (const v of dashboard.templating.list) {
    if (v.type !== 'query') throw new Error(`variable type ${v.type} is not supported by the test runner`);
    const found = await variableOptions(v, variables, backends, range);
    options[v.name] = found;
    variables[v.name] = select(v, found, selection[v.name]);
  }
  return { variables, options };
}

function select(v: VariableJson, found: string[], wanted: string[] | 'all' | undefined) {
  const current = v.current?.value;
  const all = wanted === 'all' || (wanted === undefined && current === '$__all');
  const explicit = Array.isArray(wanted) ? wanted : undefined;
  const fallback = typeof current === 'string' && found.includes(current) ? [current] : found.slice(0, 1);
  return {
    name: v.name,
    values: all ? found : (explicit ?? fallback),
    multi: v.multi ?? false,
    includeAll: v.includeAll ?? false,
    isAll: all,
    ...(v.allValue !== undefined && v.allValue !== '' ? { allValue: v.allValue } : {}),
  };
}

async function variableOptions(v: VariableJson, variables: Variables, backends: Backends, range: TimeRange): Promise<string[]> {
  const query = variableQuery(v);
  if (v.datasource?.uid === 'sensorplus-influxdb' && backends.influx) {
    const series = await backends.influx.client.query(expandInfluxVariableQuery(query, variables));
    const values = series.flatMap((s) => s.values.map((row) => String(row[s.columns.indexOf('value')])));
    return [...new Set(values)].sort();
  }
  if (v.datasource?.uid === 'sensorplus-prometheus' && backends.prometheus) {
    const match = /^label_values\((.+),\s*(\w+)\)$/.exec(expandPromVariableQuery(query, variables).trim());
    if (!match) throw new Error(`unsupported Prometheus variable query: ${query}`);
    return backends.prometheus.client.labelValues(match[1]!, match[2]!, range.from, range.to);
  }
  if (v.datasource?.uid === 'sensorplus-mysql' && backends.mysql) {
    // SQL variable queries get the variables and the time macros, like panel queries.
    const expanded = expandSql(query, { range, intervalMs: backends.mysql.minIntervalMs, variables });
    const [rows] = await backends.mysql.connection.query<RowDataPacket[]>({ sql: expanded, rowsAsArray: true });
    return [...new Set((rows as unknown as unknown[][]).map((row) => String(row[0])))];
  }
  throw new Error(`no backend for variable ${v.name} (${v.datasource?.uid})`);
}

export interface QueryOutcome {
  query: PanelQuery;
  expanded: string;
  hasRows: boolean;
  rowCount: number;
}

export async function runPanelQuery(q: PanelQuery, backends: Backends, range: TimeRange, variables: Variables): Promise<QueryOutcome> {
  const panelTime = panelRange(range, q.panel.timeFrom);
  const resolution = q.panel.maxDataPoints ?? DEFAULT_RESOLUTION;
  if (q.datasourceUid === 'sensorplus-influxdb' && backends.influx) {
    const intervalMs = calculateIntervalMs(panelTime, resolution, backends.influx.minIntervalMs);
    const expanded = expandInfluxQl(q.text, { range: panelTime, intervalMs, variables });
    const series = await backends.influx.client.query(expanded);
    return { query: q, expanded, hasRows: influxHasRows(series), rowCount: series.reduce((n, s) => n + s.values.length, 0) };
  }
  if (q.datasourceUid === 'sensorplus-prometheus' && backends.prometheus) {
    const { client, scrapeIntervalMs } = backends.prometheus;
    const intervalMs = calculateIntervalMs(panelTime, resolution, scrapeIntervalMs);
    const expanded = expandPromQl(q.text, { range: panelTime, intervalMs, scrapeIntervalMs, variables });
    const series = q.target.instant
      ? await client.instant(expanded, panelTime.to)
      : await client.range(expanded, panelTime.from, panelTime.to, intervalMs);
    return { query: q, expanded, hasRows: promHasRows(series), rowCount: series.reduce((n, s) => n + s.values.length, 0) };
  }
  if (q.datasourceUid === 'sensorplus-mysql' && backends.mysql) {
    const intervalMs = calculateIntervalMs(panelTime, resolution, backends.mysql.minIntervalMs);
    const expanded = expandSql(q.text, { range: panelTime, intervalMs, variables });
    const [rows] = await backends.mysql.connection.query<RowDataPacket[]>(expanded);
    const hasRows = rows.some((row) => Object.entries(row).some(([k, v]) => k !== 'time' && v !== null));
    return { query: q, expanded, hasRows, rowCount: rows.length };
  }
  throw new Error(`no backend for ${q.datasourceUid} (panel "${q.panel.title}")`);
}

/** Runs every query of the dashboard under one variable selection. */
export async function runDashboard(
  dashboard: DashboardJson,
  backends: Backends,
  now: number,
  selection: Selection = {},
): Promise<{ outcomes: QueryOutcome[]; options: Record<string, string[]>; variables: Variables }> {
  const range = dashboardRange(dashboard, now);
  const { variables, options } = await resolveVariables(dashboard, backends, range, selection);
  const outcomes: QueryOutcome[] = [];
  // A Grafana Live channel is fed by the bridge's push while Grafana runs: there is no query to run.
  for (const q of panelQueries(dashboard).filter((query) => query.datasourceUid !== GRAFANA_LIVE_UID)) outcomes.push(await runPanelQuery(q, backends, range, variables));
  return { outcomes, options, variables };
}

/** One line per query without rows, for a readable assertion message. */
export function describeEmpty(outcomes: QueryOutcome[]): string[] {
  return outcomes.filter((o) => !o.hasRows).map((o) => `${o.query.panel.title} / ${o.query.target.refId}: ${o.expanded}`);
}
