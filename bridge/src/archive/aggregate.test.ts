import { describe, expect, it } from 'vitest';
import { aggregateSeries } from './aggregate.js';
import type { FieldSeries, Sample } from './rows.js';

const TIER = { label: '5m', ms: 300_000 };
const key = { site: 'demo', kind: 'solar', device: 'solar-plant', field: 'power_w' };
const series = (samples: Sample[], roles: Partial<FieldSeries> = {}): FieldSeries => ({ key, samples, integrate: false, counter: false, ...roles });
const run = (s: FieldSeries, from = 0, to = 900_000, maxGapMs = 600_000, more: { standbyWatts?: number; excludeSuspect?: boolean } = {}) =>
  aggregateSeries(s, { tier: TIER, from, to, maxGapMs, standbyWatts: 5, excludeSuspect: false, ...more });

describe('aggregateSeries', () => {
  it('computes count, min, max, mean, first, last and their times per window', () => {
    const rows = run(series([{ ts: 1_000, value: 4 }, { ts: 2_000, value: 2, room: 'r1' }, { ts: 299_999, value: 9, room: 'r2' }, { ts: 300_000, value: 1 }]));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ windowStart: 0, windowEnd: 300_000, count: 3, min: 2, max: 9, sum: 15, mean: 5, first: 4, last: 9, firstAt: 1_000, lastAt: 299_999, room: 'r2', energyWh: null, increase: null, final: false });
    expect(rows[1]).toMatchObject({ windowStart: 300_000, count: 1, mean: 1, room: null });
  });

  it('ignores samples outside [from, to) except as neighbours', () => {
    const rows = run(series([{ ts: -1, value: 100 }, { ts: 10, value: 1 }, { ts: 900_000, value: 100 }]));
    expect(rows.map((r) => [r.windowStart, r.count, r.max])).toEqual([[0, 1, 1]]);
  });

  it('integrates power with the trapezoid rule and splits a segment at the window boundary', () => {
    // 1000 W at 0 s, 2000 W at 600 s: the straight line crosses 300 s at 1500 W.
    const rows = run(series([{ ts: 0, value: 1000 }, { ts: 600_000, value: 2000 }], { integrate: true }));
    expect(rows.map((r) => [r.windowStart, r.count])).toEqual([[0, 1], [300_000, 0], [600_000, 1]]);
    expect(rows[0]!.energyWh).toBeCloseTo(((1000 + 1500) / 2) * (300 / 3600), 10);
    expect(rows[1]!.energyWh).toBeCloseTo(((1500 + 2000) / 2) * (300 / 3600), 10);
    expect(rows[2]!.energyWh).toBe(0);
    expect(rows[1]).toMatchObject({ min: null, mean: null, first: null, lastAt: null });
  });

  it('uses the neighbours outside the range for the part of their segment inside it', () => {
    const rows = run(series([{ ts: -60_000, value: 0 }, { ts: 60_000, value: 1200 }], { integrate: true }), 0, 300_000);
    // From 0 s (600 W on the line) to 60 s (1200 W): 60 s at 900 W on average.
    expect(rows[0]!.energyWh).toBeCloseTo(900 * (60 / 3600), 12);
  });

  it('adds no energy across a gap longer than the limit', () => {
    const rows = run(series([{ ts: 0, value: 1000 }, { ts: 700_000, value: 1000 }], { integrate: true }));
    expect(rows.map((r) => r.energyWh)).toEqual([0, 0]);
  });

  it('counts a counter increase with resets as Prometheus does, credited to the later reading', () => {
    const samples = [{ ts: -10, value: 50 }, { ts: 10, value: 60 }, { ts: 20, value: 5 }, { ts: 30, value: 7 }, { ts: 300_010, value: 7 }];
    const rows = run(series(samples, { counter: true }));
    expect(rows.map((r) => r.increase)).toEqual([10 + 5 + 2, 0]);
  });

  it('starts a counter without an earlier value at zero increase', () => {
    expect(run(series([{ ts: 10, value: 60 }, { ts: 20, value: 70 }], { counter: true }))[0]!.increase).toBe(10);
  });

  it('measures runtime above standby on the line between readings, split at window boundaries', () => {
    // 0 W at 0 s to 100 W at 600 s: above 10 W from 60 s on.
    const rows = run(series([{ ts: 0, value: 0 }, { ts: 600_000, value: 100 }], { integrate: true }), 0, 900_000, 600_000, { standbyWatts: 10 });
    expect(rows.map((r) => r.runtimeSeconds)).toEqual([240, 300, 0]);
    // Falling through the threshold: 100 W to 0 W over 300 s is above 10 W for the first 270 s.
    const falling = run(series([{ ts: 0, value: 100 }, { ts: 300_000, value: 0 }], { integrate: true }), 0, 300_000, 600_000, { standbyWatts: 10 });
    expect(falling[0]!.runtimeSeconds).toBeCloseTo(270, 9);
    expect(run(series([{ ts: 0, value: 3 }], {}))[0]!.runtimeSeconds).toBeNull();
  });

  it('keeps the time of the first reading at the peak', () => {
    const rows = run(series([{ ts: 1_000, value: 4 }, { ts: 2_000, value: 9 }, { ts: 3_000, value: 9 }, { ts: 4_000, value: 1 }]));
    expect(rows[0]).toMatchObject({ max: 9, peakAt: 2_000 });
  });

  it('counts suspect readings, and leaves them out of the statistics only when asked', () => {
    const samples = [{ ts: 1_000, value: 4 }, { ts: 2_000, value: 90, suspect: true }, { ts: 3_000, value: 2 }];
    expect(run(series(samples))[0]).toMatchObject({ count: 3, suspectCount: 1, max: 90, mean: 32 });
    expect(run(series(samples), 0, 900_000, 600_000, { excludeSuspect: true })[0]).toMatchObject({ count: 2, suspectCount: 1, max: 4, mean: 3, last: 2 });
  });
});
