import { describe, expect, it } from 'vitest';
import { RecentRecords } from './recent-records.js';

describe('RecentRecords', () => {
  it('gives back kept records with the cursor after the last one, and nothing it does not keep', () => {
    const recent = new RecentRecords<string>(100, 1 << 20);
    recent.add(10, 5, 40, ['a', 'b', 'c'], [8, 9, 10]);
    expect(recent.read(10, 2)).toEqual({ items: ['a', 'b'], next: { seq: 12, segment: 5, offset: 57 } });
    expect(recent.read(12, 5)).toEqual({ items: ['c'], next: { seq: 13, segment: 5, offset: 67 } });
    expect(recent.read(9, 5)).toBeUndefined();
    expect(recent.read(13, 5)).toBeUndefined();
  });

  it('drops the oldest beyond its record and byte limits, and what every consumer has passed', () => {
    const recent = new RecentRecords<number>(3, 25);
    recent.add(0, 0, 0, [0, 1, 2, 3], [5, 5, 5, 5]);
    expect(recent.read(0, 10)).toBeUndefined();
    expect(recent.read(1, 10)?.items).toEqual([1, 2, 3]);
    recent.add(4, 0, 20, [4, 5], [10, 10]);
    // 35 bytes over a 25-byte limit: 1 and 2 go.
    expect(recent.read(2, 10)).toBeUndefined();
    expect(recent.read(3, 10)?.items).toEqual([3, 4, 5]);
    recent.forgetBefore(5);
    expect(recent.read(4, 10)).toBeUndefined();
    expect(recent.read(5, 10)?.items).toEqual([5]);
  });

  it('starts over after a gap in sequence numbers, never serving across it', () => {
    const recent = new RecentRecords<number>(100, 1 << 20);
    recent.add(0, 0, 0, [0, 1], [5, 5]);
    recent.add(5, 1, 0, [5], [5]);
    expect(recent.read(1, 10)).toBeUndefined();
    expect(recent.read(5, 10)?.items).toEqual([5]);
  });

  it('stays correct through many adds and compactions', () => {
    const recent = new RecentRecords<number>(1500, 1 << 30);
    for (let seq = 0; seq < 10_000; seq += 10) recent.add(seq, 0, seq, [...Array(10).keys()].map((i) => seq + i), Array(10).fill(1));
    expect(recent.size).toBe(1500);
    expect(recent.read(8500, 3)).toEqual({ items: [8500, 8501, 8502], next: { seq: 8503, segment: 0, offset: 8503 } });
    expect(recent.read(8499, 1)).toBeUndefined();
  });
});
