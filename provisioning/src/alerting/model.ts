import { EXPRESSIONS, INFLUXDB, MYSQL, PROMETHEUS } from '../datasources.js';

/**
 * Grafana alert rules in the *file provisioning* shape (apiVersion 1): groups carry `name`,
 * `folder` and an `interval` string, rules carry `uid`, `title`, `condition` and `data`.
 * This is not the shape of the HTTP API (nor of the foundation SDK's alerting builders).
 * Grafana interpolates environment variables in labels but not in query models, so query text
 * and `{{ $labels.x }}` annotation templates are safe; labels must not contain `$`.
 */

export type Severity = 'critical' | 'warning' | 'info';

export interface RelativeTimeRange {
  /** Seconds before the evaluation time. */
  from: number;
  to: number;
}

export interface AlertQuery {
  refId: string;
  datasourceUid: string;
  relativeTimeRange?: RelativeTimeRange;
  model: Record<string, unknown> & { refId: string };
}

export interface AlertRule {
  uid: string;
  title: string;
  condition: string;
  data: AlertQuery[];
  noDataState: 'OK' | 'NoData' | 'Alerting' | 'KeepLast';
  execErrState: 'OK' | 'Error' | 'Alerting' | 'KeepLast';
  for: string;
  annotations: { summary: string; description: string; runbook: string } & Record<string, string>;
  labels: { severity: Severity } & Record<string, string>;
  isPaused: boolean;
}

export interface AlertRuleGroup {
  orgId: number;
  name: string;
  folder: string;
  interval: string;
  rules: AlertRule[];
}

export interface AlertRulesFile {
  apiVersion: 1;
  groups: AlertRuleGroup[];
}

/** An InfluxQL query over the last `seconds`; `$timeFilter` is the only macro alert queries use. */
export function influxQuery(refId: string, query: string, seconds: number): AlertQuery {
  return {
    refId,
    datasourceUid: INFLUXDB.uid,
    relativeTimeRange: { from: seconds, to: 0 },
    model: { refId, datasource: INFLUXDB, query, rawQuery: true, resultFormat: 'time_series', intervalMs: 60_000, maxDataPoints: 43_200 },
  };
}

/** An instant PromQL query at the evaluation time (windows are written into the expression). */
export function promQuery(refId: string, expr: string): AlertQuery {
  return {
    refId,
    datasourceUid: PROMETHEUS.uid,
    relativeTimeRange: { from: 600, to: 0 },
    model: { refId, datasource: PROMETHEUS, expr, instant: true, range: false, intervalMs: 15_000, maxDataPoints: 43_200 },
  };
}

/** A SQL query in table format: its string columns become labels, its one numeric column the value. */
export function sqlQuery(refId: string, rawSql: string): AlertQuery {
  return {
    refId,
    datasourceUid: MYSQL.uid,
    relativeTimeRange: { from: 600, to: 0 },
    model: { refId, datasource: MYSQL, rawSql, rawQuery: true, editorMode: 'code', format: 'table', intervalMs: 60_000, maxDataPoints: 43_200 },
  };
}

export type Reducer = 'last' | 'mean' | 'min' | 'max' | 'sum' | 'count';

/** One number per series; series without a usable value are dropped, not alerted on. */
export function reduce(refId: string, input: string, reducer: Reducer): AlertQuery {
  return {
    refId,
    datasourceUid: EXPRESSIONS.uid,
    model: { refId, datasource: EXPRESSIONS, type: 'reduce', expression: input, reducer, settings: { mode: 'dropNN' } },
  };
}

export type Evaluator =
  | { type: 'gt' | 'lt'; params: [number] }
  | { type: 'within_range' | 'outside_range'; params: [number, number] };

export function threshold(refId: string, input: string, evaluator: Evaluator): AlertQuery {
  return {
    refId,
    datasourceUid: EXPRESSIONS.uid,
    model: { refId, datasource: EXPRESSIONS, type: 'threshold', expression: input, conditions: [{ evaluator }] },
  };
}
