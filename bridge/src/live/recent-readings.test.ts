import { describe, expect, it } from 'vitest';
import { RecentReadings } from './recent-readings.js';

describe('RecentReadings', () => {
  it('keeps the last points of each device, oldest first', () => {
    const recent = new RecentReadings({ perDevice: 3, devices: 10 });
    for (let ts = 1; ts <= 5; ts += 1) recent.add('building/site/temp-1', ts, { value: ts * 10 });
    recent.add('building/site/hum-1', 9, { value: 40 });
    expect(recent.snapshot()).toEqual({
      'building/site/temp-1': [
        [3, { value: 30 }],
        [4, { value: 40 }],
        [5, { value: 50 }],
      ],
      'building/site/hum-1': [[9, { value: 40 }]],
    });
  });

  it('makes room for a new device by forgetting the one heard from longest ago', () => {
    const recent = new RecentReadings({ perDevice: 2, devices: 2 });
    recent.add('a', 1, { value: 1 });
    recent.add('b', 2, { value: 2 });
    // `a` is heard again, so `b` is now the longest unheard.
    recent.add('a', 3, { value: 3 });
    recent.add('c', 4, { value: 4 });
    expect(Object.keys(recent.snapshot()).sort()).toEqual(['a', 'c']);
  });
});
