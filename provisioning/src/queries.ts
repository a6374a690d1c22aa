import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import * as prometheus from '@grafana/grafana-foundation-sdk/prometheus';
import { GRAFANA, INFLUXDB, MYSQL, PROMETHEUS } from './datasources.js';

/**
 * Query models for the three datasources, in the shape Grafana stores in dashboard JSON.
 * The foundation SDK types Prometheus queries; it has no InfluxDB or MySQL query types, so those
 * two are small builders of their own (raw query text only: what the tests run is what ships).
 */

export type ResultFormat = 'time_series' | 'table';

export interface InfluxQlQuery extends cog.Dataquery {
  refId: string;
  datasource: typeof INFLUXDB;
  query: string;
  rawQuery: true;
  resultFormat: ResultFormat;
  alias?: string;
}

export interface SqlQuery extends cog.Dataquery {
  refId: string;
  datasource: typeof MYSQL;
  rawSql: string;
  rawQuery: true;
  editorMode: 'code';
  format: ResultFormat;
}

export interface LiveQuery extends cog.Dataquery {
  refId: string;
  datasource: typeof GRAFANA;
  queryType: 'measurements';
  channel: string;
}

/** cog's marker method: never serialised (JSON drops functions). */
const variant = { _implementsDataqueryVariant: (): void => undefined };

class FixedQuery<T extends cog.Dataquery> implements cog.Builder<cog.Dataquery> {
  constructor(private readonly query: T) {}
  build(): T {
    return this.query;
  }
}

export function influxQl(
  refId: string,
  query: string,
  options: { format?: ResultFormat; alias?: string } = {},
): cog.Builder<cog.Dataquery> {
  const alias = options.alias === undefined ? {} : { alias: options.alias };
  return new FixedQuery<InfluxQlQuery>({
    refId,
    datasource: INFLUXDB,
    query: query.trim(),
    rawQuery: true,
    resultFormat: options.format ?? 'time_series',
    ...alias,
    ...variant,
  });
}

/**
 * The Grafana Live channel of one measurement, as the bridge pushes it (`stream/<GRAFANA_LIVE_STREAM>/<measurement>`,
 * the stream `sensorplus` by default): each reading reaches the panel as it arrives, without polling.
 */
export function liveChannel(refId: string, measurement: string, stream = 'sensorplus'): cog.Builder<cog.Dataquery> {
  return new FixedQuery<LiveQuery>({ refId, datasource: GRAFANA, queryType: 'measurements', channel: `stream/${stream}/${measurement}`, ...variant });
}

export function sql(refId: string, rawSql: string, format: ResultFormat = 'table'): cog.Builder<cog.Dataquery> {
  return new FixedQuery<SqlQuery>({
    refId,
    datasource: MYSQL,
    rawSql: rawSql.trim(),
    rawQuery: true,
    editorMode: 'code',
    format,
    ...variant,
  });
}

export function promQl(
  refId: string,
  expr: string,
  legendFormat = '__auto',
  options: { instant?: boolean } = {},
): cog.Builder<cog.Dataquery> {
  const query = new prometheus.DataqueryBuilder()
    .refId(refId)
    .datasource(PROMETHEUS)
    .expr(expr.trim())
    .legendFormat(legendFormat)
    .editorMode(prometheus.QueryEditorMode.Code);
  return options.instant ? query.instant() : query.range();
}
