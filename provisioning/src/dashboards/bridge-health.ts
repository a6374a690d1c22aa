import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { PROMETHEUS } from '../datasources.js';
import { promQl } from '../queries.js';
import { DASHBOARD_UIDS, finalise, LIVE_REFRESH, newDashboard, queryVariable } from './common.js';
import { OFF_ON_ALERT, UP_DOWN, row, statPanel, timeSeriesPanel } from './panels.js';

/** The bridge as an operator sees it: is it up, is data flowing, is anything refused, late or piling up. */

export const BRIDGE_JOB = 'sensorplus-bridge';
const I = `instance=~"$instance"`;
const J = `job="${BRIDGE_JOB}", ${I}`;
const RATE = '[$__rate_interval]';

function statusPanels() {
  const status = (title: string, description: string, expr: string, legend: string, mappings = UP_DOWN, steps = upSteps()) =>
    statPanel({ title, description, datasource: PROMETHEUS, targets: [promQl('A', expr, legend, { instant: true })], mappings, steps, span: 4, height: 4 });
  return [
    status('Bridge', 'Prometheus can scrape the bridge.', `up{${J}}`, '{{instance}}'),
    status('MQTT', 'The bridge is connected to the broker.', `sensorplus_mqtt_connected{${J}}`, '{{instance}}'),
    status('Sinks', 'The last write of each sink succeeded.', `sensorplus_sink_up{${J}}`, '{{sink}}'),
    status(
      'Backpressure',
      'The queue is full: the bridge holds back acknowledgements and the broker keeps the messages.',
      `sensorplus_backpressure_active{${J}}`,
      '{{instance}}',
      OFF_ON_ALERT,
      [
        { value: null, color: 'green' },
        { value: 1, color: 'red' },
      ],
    ),
    statPanel({
      title: 'Queue fill',
      description: 'Queue depth as a share of its limit; at 100 % backpressure starts.',
      datasource: PROMETHEUS,
      targets: [promQl('A', `max(sensorplus_queue_depth_messages{${J}} / sensorplus_queue_limit_messages{${J}})`, 'fill', { instant: true })],
      unit: 'percentunit',
      decimals: 1,
      steps: [
        { value: null, color: 'green' },
        { value: 0.5, color: 'orange' },
        { value: 0.8, color: 'red' },
      ],
      span: 4,
      height: 4,
    }),
    statPanel({
      title: 'MQTT reconnects in range',
      description: 'Reconnect attempts to the broker in the selected time range.',
      datasource: PROMETHEUS,
      targets: [promQl('A', `sum(increase(sensorplus_mqtt_reconnects_total{${J}}[$__range]))`, 'reconnects', { instant: true })],
      decimals: 0,
      steps: [
        { value: null, color: 'green' },
        { value: 1, color: 'orange' },
      ],
      span: 4,
      height: 4,
    }),
  ];
}

function upSteps() {
  return [
    { value: null, color: 'red' },
    { value: 1, color: 'green' },
  ];
}

function flowPanels() {
  const series = (title: string, description: string, unit: string, targets: ReturnType<typeof promQl>[], span = 12) =>
    timeSeriesPanel({ title, description, datasource: PROMETHEUS, targets, unit, span, height: 8 });
  return [
    series('Ingest rate', 'Messages received from the broker and accepted by validation.', 'reqps', [
      promQl('A', `sum(rate(sensorplus_messages_received_total{${J}}${RATE}))`, 'received'),
      promQl('B', `sum by (kind) (rate(sensorplus_messages_accepted_total{${J}}${RATE}))`, 'accepted {{kind}}'),
    ]),
    series('Rejections by reason', 'Messages refused by validation; recent ones are listed by GET /api/rejections.', 'reqps', [
      promQl('A', `sum by (reason) (rate(sensorplus_messages_rejected_total{${J}}${RATE}))`, '{{reason}}'),
    ]),
    series('Points written per sink', 'Points each sink has written successfully.', 'short', [
      promQl('A', `sum by (sink) (rate(sensorplus_sink_points_written_total{${J}}${RATE}))`, '{{sink}}'),
    ]),
    timeSeriesPanel({
      title: 'Write errors',
      description: 'Failed write requests by sink and class: retryable (outage, 5xx, 429), rejected (400/422, dropped), too_large (413, batch halved).',
      datasource: PROMETHEUS,
      targets: [promQl('A', `sum by (sink, class) (rate(sensorplus_sink_write_errors_total{${J}}${RATE}))`, '{{sink}} {{class}}')],
      unit: 'reqps',
      noValue: 'No write errors',
      span: 12,
      height: 8,
    }),
  ];
}

function queuePanels() {
  return [
    timeSeriesPanel({
      title: 'Queue depth vs limit',
      description: 'Messages in the durable queue not yet written by the slowest sink, and the limit where backpressure starts.',
      datasource: PROMETHEUS,
      targets: [
        promQl('A', `sensorplus_queue_depth_messages{${J}}`, 'depth {{instance}}'),
        promQl('B', `sensorplus_queue_limit_messages{${J}}`, 'limit {{instance}}'),
      ],
      unit: 'short',
      min: 0,
      span: 12,
      height: 8,
    }),
    timeSeriesPanel({
      title: 'Queue bytes',
      description: 'Bytes of stored readings in the durable queue.',
      datasource: PROMETHEUS,
      targets: [promQl('A', `sensorplus_queue_bytes{${J}}`, '{{instance}}')],
      unit: 'bytes',
      min: 0,
      span: 12,
      height: 8,
    }),
  ];
}

function quantiles(metric: string, by: string, legend: string) {
  return ['0.5', '0.95', '0.99'].map((q, i) =>
    promQl(String.fromCharCode(65 + i), `histogram_quantile(${q}, sum by (le, ${by}) (rate(${metric}_bucket{${J}}${RATE})))`, `p${Number(q) * 100} ${legend}`),
  );
}

function latencyPanels() {
  return [
    timeSeriesPanel({
      title: 'End-to-end lag',
      description: 'From the bridge receiving a message to its point being written, per sink (p50, p95, p99).',
      datasource: PROMETHEUS,
      targets: quantiles('sensorplus_end_to_end_lag_seconds', 'sink', '{{sink}}'),
      unit: 's',
      span: 12,
      height: 8,
    }),
    timeSeriesPanel({
      title: 'Batch write duration',
      description: 'Duration of one batch write request, per sink (p50, p95, p99).',
      datasource: PROMETHEUS,
      targets: quantiles('sensorplus_sink_batch_write_duration_seconds', 'sink', '{{sink}}'),
      unit: 's',
      span: 12,
      height: 8,
    }),
  ];
}

function processPanels() {
  return [
    timeSeriesPanel({
      title: 'Memory',
      description: 'Resident memory of the bridge process.',
      datasource: PROMETHEUS,
      targets: [promQl('A', `process_resident_memory_bytes{${J}}`, '{{instance}}')],
      unit: 'bytes',
      span: 8,
      height: 7,
    }),
    timeSeriesPanel({
      title: 'CPU',
      description: 'CPU time used per second (1 = one core).',
      datasource: PROMETHEUS,
      targets: [promQl('A', `rate(process_cpu_seconds_total{${J}}${RATE})`, '{{instance}}')],
      unit: 'percentunit',
      span: 8,
      height: 7,
    }),
    timeSeriesPanel({
      title: 'Event loop lag p99',
      description: 'A busy event loop delays acknowledgements and writes.',
      datasource: PROMETHEUS,
      targets: [promQl('A', `nodejs_eventloop_lag_p99_seconds{${J}}`, '{{instance}}')],
      unit: 's',
      span: 8,
      height: 7,
    }),
  ];
}

/** The MySQL archive job (the bridge's sensorplus_archive_* metrics): is it running, how far behind, how busy. */
function archivePanels() {
  return [
    statPanel({
      title: 'Archive',
      description: 'The last archive run succeeded.',
      datasource: PROMETHEUS,
      targets: [promQl('A', `sensorplus_archive_up{${J}}`, '{{instance}}', { instant: true })],
      mappings: UP_DOWN,
      steps: upSteps(),
      span: 4,
      height: 8,
    }),
    timeSeriesPanel({
      title: 'Archive watermark lag',
      description: 'How far the final part of each tier trails the clock; about the window length plus the grace period when healthy.',
      datasource: PROMETHEUS,
      targets: [promQl('A', `max by (tier) (sensorplus_archive_watermark_lag_seconds{${J}})`, '{{tier}}')],
      unit: 's',
      span: 10,
      height: 8,
    }),
    timeSeriesPanel({
      title: 'Archive rows and errors',
      description: 'Window rows upserted per tier, and failed runs by stage (migrate, influxdb, mysql, internal).',
      datasource: PROMETHEUS,
      targets: [
        promQl('A', `sum by (tier) (rate(sensorplus_archive_rows_written_total{${J}}${RATE}))`, 'rows {{tier}}'),
        promQl('B', `sum by (stage) (rate(sensorplus_archive_errors_total{${J}}${RATE}))`, 'errors {{stage}}'),
      ],
      unit: 'short',
      span: 10,
      height: 8,
    }),
  ];
}

type PanelBuilders = Array<ReturnType<typeof timeSeriesPanel> | ReturnType<typeof statPanel>>;

export function bridgeHealth(): dashboard.Dashboard {
  let builder = newDashboard({
    uid: DASHBOARD_UIDS.bridge,
    title: 'SensorPlus · Bridge health',
    description: 'Ingest, rejections, write errors, queue, lag and process metrics of the bridge (Prometheus).',
    tags: ['bridge'],
    from: 'now-1h',
    refresh: LIVE_REFRESH,
  }).withVariable(
    queryVariable({
      name: 'instance',
      label: 'Instance',
      datasource: PROMETHEUS,
      query: `label_values(up{job="${BRIDGE_JOB}"}, instance)`,
      includeAll: true,
      multi: true,
      allValue: '.*',
      current: '$__all',
    }),
  );
  const rows: Array<{ title: string; panels: PanelBuilders }> = [
    { title: 'Status', panels: statusPanels() },
    { title: 'Flow', panels: flowPanels() },
    { title: 'Queue', panels: queuePanels() },
    { title: 'Latency', panels: latencyPanels() },
    { title: 'Archive', panels: archivePanels() },
    { title: 'Process', panels: processPanels() },
  ];
  for (const r of rows) {
    builder = builder.withRow(row(r.title));
    for (const panel of r.panels) builder = builder.withPanel(panel);
  }
  return finalise(builder.build());
}
