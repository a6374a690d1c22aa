import { describe, expect, it } from 'vitest';
import { baseChunkMs, chunks, finalLimit, initialWatermark, rollupChunkMs } from './plan.js';

const tiers = [
  { label: '5m', ms: 300_000, retentionMs: 180 * 86_400_000 },
  { label: '1h', ms: 3_600_000, retentionMs: null },
  { label: '1d', ms: 86_400_000, retentionMs: null },
];

describe('planning', () => {
  it('finalises only behind both the clock and what reached InfluxDB, minus the grace period', () => {
    expect(finalLimit({ now: 1_000_000, writtenThrough: 2_000_000, graceMs: 60_000, holdUntil: 0 })).toBe(940_000);
    expect(finalLimit({ now: 1_000_000, writtenThrough: 500_000, graceMs: 60_000, holdUntil: 0 })).toBe(440_000);
  });

  it('finalises nothing while holding after a start', () => {
    expect(finalLimit({ now: 1_000_000, writtenThrough: 1_000_000, graceMs: 60_000, holdUntil: 1_000_001 })).toBe(-Infinity);
  });

  it('reads an hour of raw data per chunk, and about 576 shorter windows per rollup step', () => {
    expect(baseChunkMs({ ms: 300_000 })).toBe(3_600_000);
    expect(baseChunkMs({ ms: 86_400_000 })).toBe(86_400_000);
    expect(baseChunkMs({ ms: 7_000 })).toBe(3_598_000);
    expect(rollupChunkMs({ ms: 3_600_000 }, { ms: 300_000 })).toBe(48 * 3_600_000);
    expect(rollupChunkMs({ ms: 86_400_000 }, { ms: 3_600_000 })).toBe(24 * 86_400_000);
  });

  it('starts a new archive at the earliest data, aligned to the longest tier, within the base retention', () => {
    const now = Date.UTC(2024, 4, 10, 12);
    expect(initialWatermark({ earliest: Date.UTC(2024, 4, 9, 7, 13), now, tiers })).toBe(Date.UTC(2024, 4, 9));
    expect(initialWatermark({ earliest: undefined, now, tiers })).toBe(Date.UTC(2024, 4, 10));
    expect(initialWatermark({ earliest: Date.UTC(2020, 0, 1), now, tiers })).toBe(Date.UTC(2023, 10, 12));
  });

  it('cuts a range into chunks', () => {
    expect([...chunks(0, 25, 10)]).toEqual([[0, 10], [10, 20], [20, 25]]);
    expect([...chunks(5, 5, 10)]).toEqual([]);
  });
});
