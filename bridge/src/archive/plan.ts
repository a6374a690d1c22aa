import type { ArchiveTier } from './settings.js';
import { DAY_MS, floorTo } from './windows.js';

/**
 * The time up to which windows may become final: what has reached InfluxDB (the bridge's
 * written-through time, never ahead of the clock) minus the grace period. Right after a start
 * nothing new becomes final for one grace period, so that messages the broker kept for the bridge
 * while it was down land in open windows rather than being counted late.
 */
export function finalLimit(input: { now: number; writtenThrough: number; graceMs: number; holdUntil: number }): number {
  if (input.now < input.holdUntil) return -Infinity;
  return Math.min(input.now, input.writtenThrough) - input.graceMs;
}

/** Raw samples one InfluxDB query should return at most, roughly: bounds the answer to a few tens of MB. */
export const TARGET_SAMPLES = 100_000;

/**
 * How much of the base tier one InfluxDB query reads. Starts at one window (all a steady-state pass
 * needs), doubles while answers stay small (catch-up over sparse data: up to a day per query),
 * halves after a large one, so memory stays bounded whatever the fleet's size and rate.
 */
export class ChunkSize {
  #ms: number;

  constructor(
    private readonly stepMs: number,
    private readonly maxMs = Math.max(stepMs, floorTo(DAY_MS, stepMs)),
  ) {
    this.#ms = stepMs;
  }

  get ms(): number {
    return this.#ms;
  }

  record(samples: number): void {
    if (samples > 2 * TARGET_SAMPLES) this.#ms = Math.max(this.stepMs, floorTo(this.#ms / 2, this.stepMs));
    else if (samples < TARGET_SAMPLES / 2) this.#ms = Math.min(this.maxMs, this.#ms * 2);
  }
}

/** How much of a longer tier is built per step: about 576 shorter windows per series (two days of 5 min). */
export function rollupChunkMs(tier: Pick<ArchiveTier, 'ms'>, lower: Pick<ArchiveTier, 'ms'>): number {
  return Math.max(tier.ms, floorTo(576 * lower.ms, tier.ms));
}

/** The first watermark of a new archive: the earliest point, but not before the tier's retention, aligned to the longest tier. */
export function initialWatermark(input: { earliest: number | undefined; now: number; tiers: readonly ArchiveTier[] }): number {
  const base = input.tiers[0]!;
  const longest = input.tiers[input.tiers.length - 1]!;
  let start = input.earliest ?? input.now;
  if (base.retentionMs !== null) start = Math.max(start, input.now - base.retentionMs);
  return floorTo(Math.min(start, input.now), longest.ms);
}

/** [from, to) cut into steps of at most `stepMs`. */
export function* chunks(from: number, to: number, stepMs: number): Generator<[number, number]> {
  for (let start = from; start < to; start += stepMs) yield [start, Math.min(to, start + stepMs)];
}
