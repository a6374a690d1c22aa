import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { MAX_UNMAPPED_KEYS_PER_PROFILE, OTHER_KEY } from '../intake/unmapped-keys.js';
import { REJECTION_REASONS } from '../model/rejection.js';

export type BridgeMetrics = ReturnType<typeof createMetrics>;

/**
 * The bridge's metrics, on one registry that `/metrics` serves (the archive adds its own to it:
 * archive-metrics.ts). Label values come from small fixed sets
 * (reason codes, sink names, measurements, a capped set of unmapped keys) so that cardinality stays bounded; per-device series
 * exist only when `perDevice` is on.
 */
export function createMetrics(options: { perDevice: boolean }) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const metrics = {
    registry,
    received: new Counter({
      name: 'sensorplus_messages_received_total',
      help: 'MQTT messages received from the broker.',
      registers,
    }),
    accepted: new Counter({
      name: 'sensorplus_messages_accepted_total',
      help: 'Messages that passed validation and were queued, by kind.',
      labelNames: ['kind'],
      registers,
    }),
    rejected: new Counter({
      name: 'sensorplus_messages_rejected_total',
      help: 'Messages refused by validation, by reason.',
      labelNames: ['reason'],
      registers,
    }),
    unmappedKeys: new Counter({
      name: 'sensorplus_unmapped_keys_total',
      help: `Payload keys of accepted messages that their profile neither maps nor ignores, by profile and key (at most ${MAX_UNMAPPED_KEYS_PER_PROFILE} keys per profile; the rest, and keys that are not identifiers, as key="${OTHER_KEY}").`,
      labelNames: ['profile', 'key'],
      registers,
    }),
    deadLettered: new Counter({
      name: 'sensorplus_dead_letters_published_total',
      help: 'Rejected messages republished to the dead-letter topic.',
      registers,
    }),
    pointsWritten: new Counter({
      name: 'sensorplus_sink_points_written_total',
      help: 'Points a sink has written successfully.',
      labelNames: ['sink'],
      registers,
    }),
    pointsDropped: new Counter({
      name: 'sensorplus_sink_points_dropped_total',
      help: 'Points dropped because retrying could not help (HTTP 400/422 such as a field type conflict, a single point too large, an unclassified error).',
      labelNames: ['sink'],
      registers,
    }),
    writeErrors: new Counter({
      name: 'sensorplus_sink_write_errors_total',
      help: 'Failed write requests, by sink and class (retryable, rejected, too_large, unclassified).',
      labelNames: ['sink', 'class'],
      registers,
    }),
    batchDuration: new Histogram({
      name: 'sensorplus_sink_batch_write_duration_seconds',
      help: 'Duration of one batch write request.',
      labelNames: ['sink'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    lag: new Histogram({
      name: 'sensorplus_end_to_end_lag_seconds',
      help: 'Time from the bridge receiving a message to its point being written, by sink.',
      labelNames: ['sink'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600],
      registers,
    }),
    queueDepth: new Gauge({
      name: 'sensorplus_queue_depth_messages',
      help: 'Messages in the durable queue not yet delivered by the slowest sink.',
      registers,
    }),
    queueBytes: new Gauge({
      name: 'sensorplus_queue_bytes',
      help: 'Bytes in the durable queue not yet delivered by the slowest sink.',
      registers,
    }),
    queueLimitMessages: new Gauge({
      name: 'sensorplus_queue_limit_messages',
      help: 'Queue size limit in messages; at the limit the bridge stops acknowledging.',
      registers,
    }),
    backpressure: new Gauge({
      name: 'sensorplus_backpressure_active',
      help: '1 while the queue is full and the bridge holds back acknowledgements.',
      registers,
    }),
    mqttConnected: new Gauge({
      name: 'sensorplus_mqtt_connected',
      help: '1 while the bridge is connected to the broker.',
      registers,
    }),
    mqttReconnects: new Counter({
      name: 'sensorplus_mqtt_reconnects_total',
      help: 'Reconnect attempts to the broker.',
      registers,
    }),
    sinkUp: new Gauge({
      name: 'sensorplus_sink_up',
      help: '1 while the last write of the sink succeeded (or it had nothing to write).',
      labelNames: ['sink'],
      registers,
    }),
    deviceMessages: options.perDevice
      ? new Counter({
          name: 'sensorplus_device_messages_total',
          help: 'Accepted messages per device (METRICS_PER_DEVICE).',
          labelNames: ['site', 'device'],
          registers,
        })
      : undefined,
  };
  for (const reason of REJECTION_REASONS) metrics.rejected.inc({ reason }, 0);
  return metrics;
}
