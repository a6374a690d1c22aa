import { ALL_KINDS_REGEX } from '../datasources.js';
import { TIER_SECONDS } from '../dashboards/archive.js';
import {
  influxQuery,
  promQuery,
  reduce,
  sqlQuery,
  threshold,
  type AlertQuery,
  type AlertRule,
  type AlertRuleGroup,
  type AlertRulesFile,
  type Evaluator,
  type Reducer,
  type Severity,
} from './model.js';
import { BRIDGE_ALERT_GROUPS } from './bridge-alerts.js';

/** SensorPlus alert rules for Grafana unified alerting: devices and rooms (InfluxQL), the bridge (PromQL, defined in bridge-alerts.ts), the archive (SQL). */

export const ALERT_FOLDER = 'SensorPlus';

interface RuleSpec {
  uid: string;
  title: string;
  severity: Severity;
  /** The query whose series become alert instances (one per device, room or bridge instance). */
  query: AlertQuery;
  reducer: Reducer;
  evaluator: Evaluator;
  for: string;
  noDataState: AlertRule['noDataState'];
  summary: string;
  description: string;
  runbook: string;
}

/** A → reduce (B) → threshold (C): the shape Grafana's rule editor produces. */
function rule(spec: RuleSpec): AlertRule {
  return {
    uid: spec.uid,
    title: spec.title,
    condition: 'C',
    data: [spec.query, reduce('B', spec.query.refId, spec.reducer), threshold('C', 'B', spec.evaluator)],
    noDataState: spec.noDataState,
    execErrState: 'Error',
    for: spec.for,
    annotations: { summary: spec.summary, description: spec.description, runbook: spec.runbook },
    labels: { severity: spec.severity },
    isPaused: false,
  };
}

const WHERE = '{{ $labels.device }}{{ if $labels.room }} in {{ $labels.room }}{{ end }} (site {{ $labels.site }})';
/** The value of an alert instance in annotation templates: the output of the reduce step B. */
const REDUCED_VALUE = '$values.B.Value';
const VALUE = `{{ humanize ${REDUCED_VALUE} }}`;

/** Minutes of silence after which a device counts as offline. */
export const OFFLINE_AFTER_MINUTES = 10;

function deviceRules(): AlertRule[] {
  return [
    rule({
      uid: 'sensorplus-device-offline',
      title: 'Device offline',
      severity: 'warning',
      // Readings per minute, averaged over the last 10 one-minute buckets; fill(0) keeps a series for
      // every device seen in the last 6 h, so a silent device shows 0 instead of disappearing.
      query: influxQuery(
        'A',
        `SELECT moving_average(count("quality"), ${OFFLINE_AFTER_MINUTES}) AS "per_minute" FROM ${ALL_KINDS_REGEX} WHERE $timeFilter GROUP BY time(1m), "site", "room", "device" fill(0)`,
        6 * 3600,
      ),
      reducer: 'last',
      evaluator: { type: 'lt', params: [0.05] },
      for: '1m',
      noDataState: 'NoData',
      summary: `${WHERE} sent nothing for ${OFFLINE_AFTER_MINUTES} minutes`,
      description: `No reading from {{ $labels.device }} reached InfluxDB in the last ${OFFLINE_AFTER_MINUTES} minutes (it reported within the last 6 hours).`,
      runbook:
        'Check the device (power, network) and its broker account. If many devices are offline at once, check the broker and the bridge (Bridge health dashboard, alert "Bridge down"). GET /api/rejections on the bridge shows whether its messages are being refused.',
    }),
    rule({
      uid: 'sensorplus-co2-high',
      title: 'CO₂ above 1,500 ppm',
      severity: 'warning',
      query: influxQuery('A', 'SELECT mean("value") FROM "co2" WHERE $timeFilter GROUP BY "site", "room", "device"', 300),
      reducer: 'last',
      evaluator: { type: 'gt', params: [1500] },
      for: '10m',
      noDataState: 'OK',
      summary: `CO₂ in {{ $labels.room }} is ${VALUE} ppm`,
      description: `The 5-minute mean CO₂ of ${WHERE} has been above 1,500 ppm for 10 minutes.`,
      runbook: 'Ventilate the room (open windows, raise the ventilation rate) or reduce occupancy. If the value is implausible, check the sensor.',
    }),
    rule({
      uid: 'sensorplus-temperature-comfort',
      title: 'Temperature outside comfort range',
      severity: 'warning',
      query: influxQuery('A', 'SELECT mean("value") FROM "temperature" WHERE $timeFilter GROUP BY "site", "room", "device"', 900),
      reducer: 'last',
      evaluator: { type: 'outside_range', params: [18, 26] },
      for: '30m',
      noDataState: 'OK',
      summary: `Temperature in {{ $labels.room }} is ${VALUE} °C`,
      description: `The 15-minute mean temperature of ${WHERE} has been outside 18–26 °C for 30 minutes.`,
      runbook: 'Check heating, cooling and shading of the room, and windows left open. Compare with neighbouring rooms on the Building overview.',
    }),
    rule({
      uid: 'sensorplus-humidity-range',
      title: 'Humidity outside 30–60 %',
      severity: 'info',
      query: influxQuery('A', 'SELECT mean("value") FROM "humidity" WHERE $timeFilter GROUP BY "site", "room", "device"', 1800),
      reducer: 'last',
      evaluator: { type: 'outside_range', params: [30, 60] },
      for: '2h',
      noDataState: 'OK',
      summary: `Humidity in {{ $labels.room }} is ${VALUE} %`,
      description: `The 30-minute mean relative humidity of ${WHERE} has been outside 30–60 % for 2 hours.`,
      runbook: 'Below 30 %: humidify or reduce heating. Above 60 %: ventilate or dehumidify; look for leaks and mould risk.',
    }),
  ];
}

/** The bridge alerts Grafana evaluates, from their one definition. */
function bridgeRules(): AlertRule[] {
  return BRIDGE_ALERT_GROUPS.flatMap((group) => group.alerts).flatMap((alert) =>
    alert.grafana
      ? [
          rule({
            uid: alert.grafana.uid,
            title: alert.grafana.title,
            severity: alert.severity,
            query: promQuery('A', alert.query),
            reducer: 'last',
            evaluator: 'above' in alert.condition ? { type: 'gt', params: [alert.condition.above] } : { type: 'lt', params: [alert.condition.below] },
            for: alert.for,
            noDataState: alert.grafana.noDataState,
            summary: alert.summary(REDUCED_VALUE),
            description: alert.description,
            runbook: alert.runbook,
          }),
        ]
      : [],
  );
}

/** Seconds a tier may trail beyond its own window length before the archive counts as behind. */
export const ARCHIVE_BEHIND_SECONDS = 1800;

function archiveRules(): AlertRule[] {
  return [
    rule({
      uid: 'sensorplus-archive-lagging',
      title: 'Archive watermark lagging',
      severity: 'warning',
      // Read from MySQL itself, so it also fires while the bridge is down.
      query: sqlQuery('A', `SELECT tier, TIMESTAMPDIFF(SECOND, final_until, UTC_TIMESTAMP()) - ${TIER_SECONDS} AS behind_seconds FROM archive_watermark`),
      reducer: 'last',
      evaluator: { type: 'gt', params: [ARCHIVE_BEHIND_SECONDS] },
      for: '15m',
      noDataState: 'OK',
      summary: 'The {{ $labels.tier }} archive tier is {{ humanizeDuration $values.B.Value }} behind',
      description:
        'The final part of the {{ $labels.tier }} tier trails the clock by more than its window length plus 30 minutes: windows are not being finalised. Nothing is lost (InfluxDB keeps the raw data), but the archive and its reports are late.',
      runbook:
        'Check GET /ready and the log of the bridge (archive runs log their failures), and MySQL (docker compose ps mysql; docker compose logs mysql). Once MySQL answers, the archive catches up from InfluxDB by itself, as long as InfluxDB still holds the data (its retention, INFLUX_RETENTION).',
    }),
  ];
}

export function alertRules(): AlertRulesFile {
  const groups: AlertRuleGroup[] = [
    { orgId: 1, name: 'sensorplus-devices', folder: ALERT_FOLDER, interval: '1m', rules: deviceRules() },
    { orgId: 1, name: 'sensorplus-bridge', folder: ALERT_FOLDER, interval: '30s', rules: bridgeRules() },
    { orgId: 1, name: 'sensorplus-archive', folder: ALERT_FOLDER, interval: '5m', rules: archiveRules() },
  ];
  return { apiVersion: 1, groups };
}
