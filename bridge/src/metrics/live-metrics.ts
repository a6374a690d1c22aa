import { Counter, Gauge, type Registry } from 'prom-client';

export type LiveMetrics = ReturnType<typeof createLiveMetrics>;

/** The live stream's and the Grafana Live push's metrics, registered on the bridge's registry. */
export function createLiveMetrics(registry: Registry) {
  const registers = [registry];
  return {
    streamClients: new Gauge({
      name: 'sensorplus_stream_clients',
      help: 'Clients connected to the live stream (/api/stream).',
      registers,
    }),
    streamClientsDropped: new Counter({
      name: 'sensorplus_stream_clients_dropped_total',
      help: 'Stream clients disconnected because they stopped reading (their unsent data passed the bound).',
      registers,
    }),
    streamClientsRefused: new Counter({
      name: 'sensorplus_stream_clients_refused_total',
      help: 'Stream connections refused because the client limit was reached.',
      registers,
    }),
    grafanaLivePushed: new Counter({
      name: 'sensorplus_grafana_live_points_pushed_total',
      help: 'Readings pushed to Grafana Live (GRAFANA_URL).',
      registers,
    }),
    grafanaLiveDropped: new Counter({
      name: 'sensorplus_grafana_live_points_dropped_total',
      help: 'Readings not pushed to Grafana Live: its buffer was full, or the push failed (live data is not retried).',
      registers,
    }),
    grafanaLiveErrors: new Counter({
      name: 'sensorplus_grafana_live_push_errors_total',
      help: 'Failed push requests to Grafana Live.',
      registers,
    }),
  };
}
