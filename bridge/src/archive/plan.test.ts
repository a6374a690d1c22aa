import { describe, expect, it } from 'vitest';
import { ChunkSize, TARGET_SAMPLES, chunks, finalLimit, initialWatermark, rollupChunkMs } from './plan.js';

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

  it('reads one window of raw data per query at first, grows while answers are small and shrinks after a large one', () => {
    const chunk = new ChunkSize(300_000);
    expect(chunk.ms).toBe(300_000);
    for (let i = 0; i < 20; i++) chunk.record(10);
    expect(chunk.ms).toBe(86_400_000);
    chunk.record(TARGET_SAMPLES);
    expect(chunk.ms).toBe(86_400_000);
    chunk.record(3 * TARGET_SAMPLES);
    expect(chunk.ms).toBe(43_200_000);
    for (let i = 0; i < 20; i++) chunk.record(3 * TARGET_SAMPLES);
    expect(chunk.ms).toBe(300_000);
    const odd = new ChunkSize(7_000);
    odd.record(3 * TARGET_SAMPLES);
    odd.record(0);
    expect(odd.ms).toBe(14_000);
  });

  it('builds about 576 shorter windows per rollup step', () => {
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
