import { describe, expect, it } from 'vitest';
import { ceilTo, floorTo, formatDuration, parseDuration } from './windows.js';

describe('window arithmetic', () => {
  it('aligns to the epoch, also before 1970', () => {
    expect(floorTo(299_999, 300_000)).toBe(0);
    expect(floorTo(-1, 300_000)).toBe(-300_000);
    expect(ceilTo(1, 300_000)).toBe(300_000);
    expect(ceilTo(300_000, 300_000)).toBe(300_000);
  });

  it('parses and prints durations', () => {
    expect(parseDuration('5m')).toBe(300_000);
    expect(parseDuration(' 1d ')).toBe(86_400_000);
    expect(parseDuration('5y')).toBe(5 * 365 * 86_400_000);
    expect(parseDuration('1w', 'smhd')).toBeUndefined();
    expect(parseDuration('0m')).toBeUndefined();
    expect(parseDuration('5 min')).toBeUndefined();
    expect(formatDuration(300_000)).toBe('5m');
    expect(formatDuration(3_600_000)).toBe('1h');
    expect(formatDuration(90_000)).toBe('90s');
    expect(formatDuration(86_400_000)).toBe('1d');
  });
});
