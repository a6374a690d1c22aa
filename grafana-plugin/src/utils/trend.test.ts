import { dateTime, type TimeRange } from '@grafana/data';
import { describe, expect, it } from 'vitest';

import { trendPaths } from './trend.js';

const range: TimeRange = { from: dateTime(0), to: dateTime(100), raw: { from: 'now-1h', to: 'now' } };

describe('trendPaths', () => {
  it('maps time to x across the range and values to y within their own min and max', () => {
    expect(trendPaths([0, 50, 100], [10, 20, 30], range)).toEqual({
      line: 'M0,23L50,12L100,1',
      area: 'M0,24L0,23L50,12L100,1L100,24Z',
    });
  });

  it('breaks the line at null and NaN', () => {
    const paths = trendPaths([0, 25, 50, 75, 100], [1, null, 2, NaN, 3], range)!;
    expect(paths.line).toBe('M0,23M50,12M100,1');
    expect(paths.area).toBe('');
  });

  it('draws a flat line in the middle when the values do not change', () => {
    expect(trendPaths([0, 100], [5, 5], range)!.line).toBe('M0,12L100,12');
  });

  it('needs two values', () => {
    expect(trendPaths([0], [1], range)).toBeUndefined();
    expect(trendPaths([0, 1], [null, NaN], range)).toBeUndefined();
  });

  it('sorts rows that come newest first and clamps times outside the range', () => {
    expect(trendPaths([200, 50, -10], [3, 2, 1], range)!.line).toBe('M0,23L50,12L100,1');
  });
});
