import type { ArchiveTier } from './settings.js';
import type { FieldSeries, Sample, WindowRow } from './rows.js';
import { floorTo } from './windows.js';

const MS_PER_HOUR = 3_600_000;

export interface AggregateOptions {
  tier: Pick<ArchiveTier, 'label' | 'ms'>;
  /** Windows starting in [from, to) are computed; both aligned to the tier. */
  from: number;
  to: number;
  /** Segments between power readings further apart than this add no energy. */
  maxGapMs: number;
  /** Power above this (W) counts as running, for `runtimeSeconds`. */
  standbyWatts: number;
  /** Leave readings marked suspect out of count, min, max, mean, first and last (they are still counted as suspect). */
  excludeSuspect: boolean;
}

/** Running totals of one window while samples are added. */
class WindowAccumulator {
  count = 0;
  suspectCount = 0;
  min = Infinity;
  max = -Infinity;
  peakAt = 0;
  sum = 0;
  first: Sample | undefined;
  last: Sample | undefined;
  energyWh = 0;
  runtimeMs = 0;
  increase = 0;
  /** Room when the window holds no reading (only energy): that of the segment's end. */
  room: string | undefined;

  add(sample: Sample, excludeSuspect: boolean): void {
    if (sample.suspect) this.suspectCount += 1;
    if (sample.suspect && excludeSuspect) return;
    this.count += 1;
    this.min = Math.min(this.min, sample.value);
    // Samples arrive in time order: the first reading at the peak value keeps it.
    if (sample.value > this.max) [this.max, this.peakAt] = [sample.value, sample.ts];
    this.sum += sample.value;
    if (!this.first || sample.ts < this.first.ts) this.first = sample;
    if (!this.last || sample.ts >= this.last.ts) this.last = sample;
  }
}

/**
 * Computes one field's windows in [from, to) from its raw samples (time order). Samples outside the
 * range are neighbours: the power segments that cross into the range, and the counter's previous value.
 * Rows come out with `final: false`; the job decides finality.
 */
export function aggregateSeries(series: FieldSeries, options: AggregateOptions): WindowRow[] {
  const windows = new Map<number, WindowAccumulator>();
  const at = (start: number): WindowAccumulator => {
    let acc = windows.get(start);
    if (!acc) windows.set(start, (acc = new WindowAccumulator()));
    return acc;
  };
  const inRange = (ts: number) => ts >= options.from && ts < options.to;
  for (const sample of series.samples) if (inRange(sample.ts)) at(floorTo(sample.ts, options.tier.ms)).add(sample, options.excludeSuspect);
  if (series.integrate) integrate(series.samples, options, at);
  if (series.counter) countIncrease(series.samples, options, at);
  return [...windows.entries()]
    .sort(([a], [b]) => a - b)
    .map(([start, acc]) => toRow(series, options.tier, start, acc));
}

/**
 * Trapezoid rule over the straight line between consecutive readings; a segment that crosses a
 * window boundary is split there, so windows add up exactly to the integral over their union.
 * Runtime is measured on the same line: the part of each piece where power is above standby.
 */
function integrate(samples: readonly Sample[], options: AggregateOptions, at: (start: number) => WindowAccumulator): void {
  for (let i = 1; i < samples.length; i++) {
    const a = samples[i - 1]!;
    const b = samples[i]!;
    const span = b.ts - a.ts;
    if (span <= 0 || span > options.maxGapMs) continue;
    const valueAt = (t: number) => a.value + ((b.value - a.value) * (t - a.ts)) / span;
    let x = Math.max(a.ts, options.from);
    const end = Math.min(b.ts, options.to);
    while (x < end) {
      const windowStart = floorTo(x, options.tier.ms);
      const y = Math.min(end, windowStart + options.tier.ms);
      const acc = at(windowStart);
      acc.energyWh += ((y - x) * (valueAt(x) + valueAt(y))) / 2 / MS_PER_HOUR;
      acc.runtimeMs += timeAbove(x, valueAt(x), y, valueAt(y), options.standbyWatts);
      acc.room ??= b.room;
      x = y;
    }
  }
}

/** How long a straight line from (x, px) to (y, py) stays strictly above `threshold`. */
export function timeAbove(x: number, px: number, y: number, py: number, threshold: number): number {
  if (px > threshold && py > threshold) return y - x;
  if (px <= threshold && py <= threshold) return 0;
  const crossing = x + ((threshold - px) * (y - x)) / (py - px);
  return px > threshold ? crossing - x : y - crossing;
}

/**
 * Prometheus' rule for resets: a value below the previous one means the counter restarted from
 * zero, so the increase is the new value itself. Each step is credited to the window of its later
 * reading, so consecutive windows add up to the total increase (no extrapolation).
 */
function countIncrease(samples: readonly Sample[], options: AggregateOptions, at: (start: number) => WindowAccumulator): void {
  let previous: Sample | undefined;
  for (const sample of samples) {
    if (sample.ts >= options.to) break;
    if (sample.ts >= options.from) {
      const step = previous === undefined ? 0 : sample.value >= previous.value ? sample.value - previous.value : sample.value;
      at(floorTo(sample.ts, options.tier.ms)).increase += step;
    }
    previous = sample;
  }
}

function toRow(series: FieldSeries, tier: AggregateOptions['tier'], start: number, acc: WindowAccumulator): WindowRow {
  const has = acc.count > 0;
  return {
    ...series.key,
    tier: tier.label,
    windowStart: start,
    windowEnd: start + tier.ms,
    room: (acc.last ? acc.last.room : acc.room) ?? null,
    count: acc.count,
    suspectCount: acc.suspectCount,
    min: has ? acc.min : null,
    max: has ? acc.max : null,
    sum: has ? acc.sum : null,
    mean: has ? acc.sum / acc.count : null,
    first: acc.first?.value ?? null,
    last: acc.last?.value ?? null,
    firstAt: acc.first?.ts ?? null,
    lastAt: acc.last?.ts ?? null,
    peakAt: has ? acc.peakAt : null,
    energyWh: series.integrate ? acc.energyWh : null,
    runtimeSeconds: series.integrate ? acc.runtimeMs / 1000 : null,
    cost: null,
    currency: null,
    increase: series.counter ? acc.increase : null,
    final: false,
  };
}
