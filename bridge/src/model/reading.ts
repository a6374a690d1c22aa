/**
 * A reading that passed every stage: what the queue stores and every sink consumes. Its shape is
 * InfluxDB's point (see README "Data model"): a measurement, tags, typed fields, a time.
 */
export interface Reading {
  /** The InfluxDB measurement: the building's kind (`temperature`, `solar`, …), `solar_tracker`, `device_status`… */
  measurement: string;
  /**
   * Every InfluxDB tag: always `site` and the device's own tag (`device`, or as its profile names it,
   * e.g. `machine`), and those the profile adds (`room`, `port`). Values are identifiers.
   */
  tags: Record<string, string>;
  /** Epoch milliseconds. */
  ts: number;
  /** Fields by InfluxDB name: `value`, `power_w`, `on`, `state`… Numbers are finite, strings free of control characters. */
  fields: Record<string, FieldValue>;
  /** The numeric fields written as InfluxDB integers (`i` suffix); absent when there are none. */
  integerFields?: string[];
  /** `suspect` when a value lies near the edge of its physical range. */
  quality: Quality;
}

export type FieldValue = number | boolean | string;

export type Quality = 'good' | 'suspect';
