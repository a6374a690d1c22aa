import type { ArchiveTier } from './settings.js';
import { HOUR_MS, floorTo } from './windows.js';

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

/** How much the base tier reads from InfluxDB per query: an hour, or one window if longer. */
export function baseChunkMs(tier: Pick<ArchiveTier, 'ms'>): number {
  return Math.max(tier.ms, floorTo(HOUR_MS, tier.ms));
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
