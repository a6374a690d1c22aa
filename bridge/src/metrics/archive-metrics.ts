import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export type ArchiveMetrics = ReturnType<typeof createArchiveMetrics>;

/**
 * The archive's metrics, registered on the bridge's registry. `watermarkLag` is computed when
 * scraped, so it keeps growing while MySQL is away and runs fail. Every tier and error stage starts
 * at 0, so `rate()` and `increase()` see a series before its first event.
 */
export function createArchiveMetrics(
  registry: Registry,
  labels: { tiers: readonly string[]; errorStages: readonly string[] },
  lagOf: (tier: string) => number | undefined,
) {
  const { tiers, errorStages } = labels;
  const registers = [registry];
  const metrics = {
    rowsWritten: new Counter({
      name: 'sensorplus_archive_rows_written_total',
      help: 'Window rows upserted into MySQL (provisional recomputes included), by tier.',
      labelNames: ['tier'],
      registers,
    }),
    windowsFinalised: new Counter({
      name: 'sensorplus_archive_windows_finalised_total',
      help: 'Window rows written as final (one per device, field and window), by tier.',
      labelNames: ['tier'],
      registers,
    }),
    rowsDeleted: new Counter({
      name: 'sensorplus_archive_rows_deleted_total',
      help: 'Window rows deleted by retention, by tier.',
      labelNames: ['tier'],
      registers,
    }),
    lateReadings: new Counter({
      name: 'sensorplus_archive_late_readings_total',
      help: 'Readings whose window was already final when they arrived (kept in InfluxDB, not added to the archive), by kind.',
      labelNames: ['kind'],
      registers,
    }),
    errors: new Counter({
      name: 'sensorplus_archive_errors_total',
      help: 'Failed archive runs and API queries, by stage (migrate, influxdb, mysql, internal).',
      labelNames: ['stage'],
      registers,
    }),
    runDuration: new Histogram({
      name: 'sensorplus_archive_run_duration_seconds',
      help: 'Duration of one archive run (compute, upsert, finalise, retention).',
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers,
    }),
    up: new Gauge({
      name: 'sensorplus_archive_up',
      help: '1 while the last archive run succeeded.',
      registers,
    }),
    leader: new Gauge({
      name: 'sensorplus_archive_leader',
      help: '1 while this bridge holds the archive job lock and runs the job; 0 while another bridge does (or none can reach MySQL).',
      registers,
    }),
    watermarkLag: new Gauge({
      name: 'sensorplus_archive_watermark_lag_seconds',
      help: 'How far the final part of each tier trails the clock (window length + grace when healthy).',
      labelNames: ['tier'],
      registers,
      collect() {
        for (const tier of tiers) {
          const lag = lagOf(tier);
          if (lag !== undefined) this.set({ tier }, lag / 1000);
        }
      },
    }),
  };
  for (const stage of errorStages) metrics.errors.inc({ stage }, 0);
  for (const tier of tiers) {
    metrics.rowsWritten.inc({ tier }, 0);
    metrics.windowsFinalised.inc({ tier }, 0);
    metrics.rowsDeleted.inc({ tier }, 0);
  }
  return metrics;
}
