import { BRIDGE_JOB } from '../dashboards/bridge-health.js';
import type { AlertRule, Severity } from './model.js';

/**
 * The bridge's alerts on its Prometheus metrics, each defined once. Prometheus evaluates all of
 * them (prometheus/rules/sensorplus-alerts.yml, for setups with Alertmanager); Grafana evaluates
 * those with a `grafana` identity (grafana/alerting/sensorplus-rules.yaml) and does the notifying
 * in the compose stack. Recording rules (prometheus/rules/sensorplus-recording.yml) hold the ratios
 * and quantiles the expressions use, so each formula is written once too.
 */

/** Fires for every series of the query whose value is above, or below, the threshold. */
export type AlertCondition = { above: number } | { below: number };

export interface BridgeAlert {
  /** The Prometheus alert name. */
  name: string;
  /** PromQL whose series become alert instances (one per bridge instance, sink or tier). */
  query: string;
  condition: AlertCondition;
  for: string;
  severity: Severity;
  /** `value` is the template expression of the instance's value in the evaluating system. */
  summary: (value: string) => string;
  description: string;
  runbook: string;
  /** Grafana evaluates the alert too, under this uid and title. */
  grafana?: { uid: string; title: string; noDataState: AlertRule['noDataState'] };
}

export interface BridgeAlertGroup {
  name: string;
  alerts: BridgeAlert[];
}

const BRIDGE = `job="${BRIDGE_JOB}"`;

export const BRIDGE_ALERT_GROUPS: BridgeAlertGroup[] = [
  {
    name: 'sensorplus-bridge',
    alerts: [
      {
        name: 'SensorPlusBridgeDown',
        query: `up{${BRIDGE}}`,
        condition: { below: 1 },
        for: '1m',
        severity: 'critical',
        summary: () => 'Prometheus cannot scrape the bridge {{ $labels.instance }}',
        description: `up{${BRIDGE}} is 0: the bridge process is down or its admin port is unreachable. Sensors keep publishing; the broker queues their messages for the bridge session.`,
        runbook:
          'docker compose ps bridge; docker compose logs --tail 100 bridge. A configuration error exits with code 2 and says which variable is wrong. Restart with docker compose up -d bridge; it resumes from its durable queue and the broker session.',
        // No series at all means Prometheus no longer knows the target: as bad as down.
        grafana: { uid: 'sensorplus-bridge-down', title: 'Bridge down', noDataState: 'Alerting' },
      },
      {
        // Grafana covers a vanished target with the noDataState of "Bridge down".
        name: 'SensorPlusBridgeAbsent',
        query: `absent(up{${BRIDGE}})`,
        condition: { above: 0 },
        for: '5m',
        severity: 'critical',
        summary: () => 'Prometheus has no bridge target',
        description: `No scrape target with ${BRIDGE} exists; check prometheus.yml.`,
        runbook: 'Check scrape_configs in provisioning/prometheus/prometheus.yml and Status → Targets in Prometheus.',
      },
      {
        name: 'SensorPlusMqttDisconnected',
        query: `sensorplus_mqtt_connected{${BRIDGE}}`,
        condition: { below: 1 },
        for: '2m',
        severity: 'critical',
        summary: () => 'Bridge {{ $labels.instance }} has lost the MQTT broker',
        description: 'sensorplus_mqtt_connected is 0: no readings are coming in. The broker keeps QoS 1 messages for the persistent session until the bridge reconnects.',
        runbook:
          'Check the broker (docker compose ps mosquitto; docker compose logs mosquitto) and the bridge account (MQTT_BRIDGE_PASSWORD must match the password file; a refused login is logged as "not authorized").',
        grafana: { uid: 'sensorplus-mqtt-disconnected', title: 'Bridge not connected to the broker', noDataState: 'OK' },
      },
      {
        name: 'SensorPlusRejectionsHigh',
        query: `sensorplus:messages_rejected:ratio5m{${BRIDGE}}`,
        condition: { above: 0.05 },
        for: '10m',
        severity: 'warning',
        summary: (value) => `{{ humanizePercentage ${value} }} of messages are rejected by {{ $labels.instance }}`,
        description: 'More than 5 % of the messages the bridge received in the last 5 minutes failed validation.',
        runbook:
          'Open Bridge health → "Rejections by reason" and GET /api/rejections on the bridge: each rejection names its reason, topic and a payload excerpt. Typical causes: a device with a wrong unit or clock (timestamp_skew), a firmware sending another format (schema), a misconfigured topic (topic_mismatch).',
        grafana: { uid: 'sensorplus-rejections-high', title: 'Many messages rejected', noDataState: 'OK' },
      },
      {
        name: 'SensorPlusQueueFilling',
        query: `sensorplus:queue_fill:ratio{${BRIDGE}}`,
        condition: { above: 0.8 },
        for: '2m',
        severity: 'warning',
        summary: (value) => `Queue of {{ $labels.instance }} is {{ humanizePercentage ${value} }} full`,
        description:
          'The durable queue holds more than 80 % of QUEUE_MAX_MESSAGES. At 100 % the bridge stops acknowledging (backpressure) and the broker holds the messages; nothing is dropped, but data arrives late.',
        runbook:
          'A sink cannot keep up or is down: look at "Write errors" and "Sinks" on Bridge health and at the InfluxDB / MySQL containers. Once the sink recovers the queue drains by itself. Raise QUEUE_MAX_MESSAGES only if the disk has room.',
        grafana: { uid: 'sensorplus-queue-filling', title: 'Bridge queue filling up', noDataState: 'OK' },
      },
      {
        name: 'SensorPlusInfluxWritesFailing',
        query: `sensorplus_sink_up{${BRIDGE}, sink="influxdb"}`,
        condition: { below: 1 },
        for: '2m',
        severity: 'critical',
        summary: () => 'Bridge {{ $labels.instance }} cannot write to InfluxDB',
        description: 'The last InfluxDB writes failed for 2 minutes. Readings wait in the durable queue and are written when InfluxDB answers again.',
        runbook:
          'docker compose ps influxdb; docker compose logs influxdb. Check disk space and the credentials (INFLUXDB_USER / INFLUXDB_USER_PASSWORD). Bridge health → "Write errors" tells an outage (retryable) from refused points (rejected).',
        grafana: { uid: 'sensorplus-influxdb-writes-failing', title: 'InfluxDB writes failing', noDataState: 'OK' },
      },
      {
        name: 'SensorPlusEndToEndLagHigh',
        query: `sensorplus:end_to_end_lag_seconds:p95_5m{${BRIDGE}, sink="influxdb"}`,
        condition: { above: 30 },
        for: '10m',
        severity: 'warning',
        summary: (value) => `95 % of readings take up to {{ humanizeDuration ${value} }} to reach InfluxDB`,
        description: 'Readings are written late; the queue is probably growing.',
        runbook: 'See "Queue depth vs limit" and "Batch write duration" on Bridge health.',
      },
    ],
  },
  {
    // Grafana reads the archive's state from MySQL instead (rules.ts), so it also sees it while the bridge is down.
    name: 'sensorplus-archive',
    alerts: [
      {
        name: 'SensorPlusArchiveFailing',
        query: `sensorplus_archive_up{${BRIDGE}}`,
        condition: { below: 1 },
        for: '10m',
        severity: 'warning',
        summary: () => 'Archive runs of {{ $labels.instance }} fail',
        description: 'The MySQL archive job has failed for 10 minutes; it retries and catches up from InfluxDB once the cause is gone.',
        runbook: 'GET /ready on the bridge names the failing stage; check MySQL (docker compose logs mysql) and the archive account in MYSQL_URL.',
      },
      {
        name: 'SensorPlusArchiveLagging',
        query: `sensorplus_archive_watermark_lag_seconds{${BRIDGE}, tier="5m"}`,
        // The 5 min tier is final up to (5 min + grace) before now when healthy; an hour means it stopped.
        condition: { above: 3600 },
        for: '15m',
        severity: 'warning',
        summary: (value) => `The 5 min archive tier of {{ $labels.instance }} is {{ humanizeDuration ${value} }} behind`,
        description: 'Windows are not being finalised; the archive and its reports are late. InfluxDB still holds the raw data.',
        runbook: 'See the "Archive state" row of the Archive dashboard and the bridge log; the archive catches up by itself once MySQL answers.',
      },
    ],
  },
];
