/** The archive's data: one row per tier, device, field and window (the `archive_rollup` table). */

export interface SeriesKey {
  readonly site: string;
  /** InfluxDB measurement. */
  readonly kind: string;
  readonly device: string;
  readonly field: string;
}

/** One reading of one field; booleans arrive as 0/1. */
export interface Sample {
  readonly ts: number;
  readonly value: number;
  readonly room?: string;
  /** The bridge marked the reading `quality = "suspect"` (inside the plausible range, outside the expected one). */
  readonly suspect?: boolean;
}

/** A field's samples in time order, possibly with neighbours outside the range being computed. */
export interface FieldSeries {
  readonly key: SeriesKey;
  readonly samples: readonly Sample[];
  readonly integrate: boolean;
  readonly counter: boolean;
}

export interface WindowRow extends SeriesKey {
  readonly tier: string;
  /** Epoch ms, inclusive. */
  readonly windowStart: number;
  /** Epoch ms, exclusive. */
  readonly windowEnd: number;
  /** Room of the latest reading in the window. */
  readonly room: string | null;
  /**
   * Readings the statistics are made of. 0 only for a window that a power segment crosses without a
   * reading in it (or whose readings were all suspect and left out).
   */
  readonly count: number;
  /** Readings marked suspect, whether or not they were left out of the statistics. */
  readonly suspectCount: number;
  readonly min: number | null;
  readonly max: number | null;
  readonly sum: number | null;
  readonly mean: number | null;
  readonly first: number | null;
  readonly last: number | null;
  readonly firstAt: number | null;
  readonly lastAt: number | null;
  /** Time of the reading with the highest value (the first such one). */
  readonly peakAt: number | null;
  /** Power fields only: energy in Wh within the window. */
  readonly energyWh: number | null;
  /** Power fields only: seconds within the window that power was above the standby threshold. */
  readonly runtimeSeconds: number | null;
  /** Power fields with a tariff only: the energy priced at the rate in force (see tariffs.ts). */
  readonly cost: number | null;
  /** Currency of `cost`. */
  readonly currency: string | null;
  /** Counter fields only: increase within the window, resets handled. */
  readonly increase: number | null;
  /** True once the window can no longer change (its end is behind the tier's watermark). */
  readonly final: boolean;
}

export function rowKey(row: SeriesKey & { windowStart: number }): string {
  return `${row.site}\u0000${row.kind}\u0000${row.device}\u0000${row.field}\u0000${row.windowStart}`;
}
