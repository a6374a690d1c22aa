/**
 * A reading that passed every stage: what the queue stores and every sink consumes.
 * Field names are the InfluxDB field names (see README "Data model").
 */
export interface Reading {
  /** Site from the topic (`building/{site}/...`). */
  site: string;
  /** Room from the payload's `roomId`; absent for devices that belong to no room (e.g. `solar-plant`). */
  room?: string;
  device: string;
  /** Measurement name: one per kind (`temperature`, `humidity`, `co2`, `light`, `solar`, `switch`). */
  kind: string;
  /** Epoch milliseconds. */
  ts: number;
  /** Numeric or boolean fields: `value`, `power_w`, `voltage`, `current`, `on`. */
  fields: Record<string, number | boolean>;
  /** `suspect` when a value lies near the edge of its physical range. */
  quality: Quality;
}

export type Quality = 'good' | 'suspect';
