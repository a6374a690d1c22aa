import { describe, expect, it } from 'vitest';
import { describeValue, formatDuration, formatNumber, formatRange, quote } from './text.js';

describe('text helpers', () => {
  it('quotes untrusted text with escapes and a length cap', () => {
    expect(quote('temp-1\n')).toBe('"temp-1\\n"');
    expect(quote('x'.repeat(100), 10)).toBe(`"${'x'.repeat(10)}…"`);
  });

  it('names JSON types with a short excerpt', () => {
    expect(describeValue('25.5')).toBe('string "25.5"');
    expect(describeValue(null)).toBe('null');
    expect(describeValue([1])).toBe('an array');
    expect(describeValue({})).toBe('an object');
    expect(describeValue(true)).toBe('boolean true');
  });

  it('prints numbers without float noise or a negative zero', () => {
    expect(formatNumber(0.1 + 0.2)).toBe('0.3');
    expect(formatNumber(-0)).toBe('0');
    expect(formatNumber(1e309)).toBe('Infinity');
  });

  it('prints ranges readably around negative numbers', () => {
    expect(formatRange([0, 100], '%')).toBe('0–100 %');
    expect(formatRange([-50, 100], '°C')).toBe('-50 to 100 °C');
  });

  it('rounds durations to a sensible unit', () => {
    expect(formatDuration(45_000)).toBe('45 seconds');
    expect(formatDuration(5 * 60_000)).toBe('5 minutes');
    expect(formatDuration(3 * 3_600_000)).toBe('3 hours');
    expect(formatDuration(9 * 86_400_000)).toBe('9 days');
  });
});
