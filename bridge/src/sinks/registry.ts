import type { Logger } from 'pino';
import type { ClientFactories } from '../clients.js';
import type { BridgeConfig } from '../config/index.js';
import { InfluxdbSink } from './influxdb/influxdb-sink.js';
import type { Sink } from './sink.js';

export type SinkFactory = (config: BridgeConfig, clients: ClientFactories, log: Logger) => Sink;

/**
 * Every sink of the bridge, by name, as Telegraf's `plugins/outputs/all` and Vector's
 * `src/sinks/mod.rs` list theirs. A new sink is a folder beside `influxdb/` and one line here; the
 * wiring gives each its own queue cursor and runner. The name is the queue consumer, the `sink`
 * label of the metrics and the sink's check in `/ready`.
 */
export const SINKS = {
  influxdb: (config, clients, log) => new InfluxdbSink(config.influx, clients.influx, log),
} satisfies Record<string, SinkFactory>;

export type SinkName = keyof typeof SINKS;

/** One value per registered sink, by name (e.g. its runner). */
export function bySink<T>(make: (name: SinkName, create: SinkFactory) => T): Record<SinkName, T> {
  const entries = Object.entries(SINKS) as Array<[SinkName, SinkFactory]>;
  return Object.fromEntries(entries.map(([name, create]) => [name, make(name, create)])) as Record<SinkName, T>;
}
