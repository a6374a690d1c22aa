import { describe, expect, it } from 'vitest';
import { rollUp } from './rollup.js';
import type { WindowRow } from './rows.js';

const base: WindowRow = {
  tier: '5m', site: 'demo', kind: 'solar', device: 'solar-plant', field: 'power_w', windowStart: 0, windowEnd: 300_000, room: null,
  count: 2, min: 1, max: 3, sum: 4, mean: 2, first: 1, last: 3, firstAt: 10, lastAt: 20, energyWh: 1.5, increase: null, suspectCount: 0, peakAt: null, runtimeSeconds: null, cost: null, currency: null, final: true,
};

describe('rollUp', () => {
  it('composes every statistic exactly', () => {
    const rows = rollUp(
      [
        base,
        { ...base, windowStart: 300_000, windowEnd: 600_000, count: 1, min: 7, max: 7, sum: 7, mean: 7, first: 7, last: 7, firstAt: 300_001, lastAt: 300_001, energyWh: 2, room: 'r1' },
        // A window with energy but no reading.
        { ...base, windowStart: 600_000, windowEnd: 900_000, count: 0, min: null, max: null, sum: null, mean: null, first: null, last: null, firstAt: null, lastAt: null, energyWh: 0.25 },
      ],
      { label: '1h', ms: 3_600_000 },
    );
    expect(rows).toEqual([
      { ...base, tier: '1h', windowEnd: 3_600_000, count: 3, min: 1, max: 7, sum: 11, mean: 11 / 3, first: 1, last: 7, firstAt: 10, lastAt: 300_001, energyWh: 3.75, room: 'r1', final: false },
    ]);
  });

  it('keeps devices, fields and longer windows apart', () => {
    const rows = rollUp(
      [base, { ...base, field: 'voltage', energyWh: null }, { ...base, device: 'other' }, { ...base, windowStart: 3_600_000, windowEnd: 3_900_000 }],
      { label: '1h', ms: 3_600_000 },
    );
    expect(rows.map((r) => `${r.device}/${r.field}@${r.windowStart}`).sort()).toEqual(['other/power_w@0', 'solar-plant/power_w@0', 'solar-plant/power_w@3600000', 'solar-plant/voltage@0']);
    expect(rows.find((r) => r.field === 'voltage')!.energyWh).toBeNull();
  });

  it('adds counter increases', () => {
    const counter = { ...base, kind: 'counter', field: 'value', energyWh: null, increase: 4 };
    expect(rollUp([counter, { ...counter, windowStart: 300_000, increase: 6 }], { label: '1h', ms: 3_600_000 })[0]!.increase).toBe(10);
  });
});
