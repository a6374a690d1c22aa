import { describe, expect, it } from 'vitest';
import { toCsv, toView } from './present.js';
import type { WindowRow } from './rows.js';

const row: WindowRow = {
  tier: '5m', site: 'demo', kind: 'solar', device: 'solar-plant', field: 'power_w', windowStart: Date.UTC(2024, 4, 1), windowEnd: Date.UTC(2024, 4, 1, 0, 5),
  room: null, count: 3, min: 1, max: 3.5, sum: 6, mean: 2, first: 1, last: 3.5, firstAt: Date.UTC(2024, 4, 1, 0, 0, 1), lastAt: Date.UTC(2024, 4, 1, 0, 4, 59, 500),
  energyWh: 0.125, increase: null, suspectCount: 0, peakAt: null, runtimeSeconds: null, cost: null, currency: null, final: true,
};

describe('presenting windows', () => {
  it('shows JSON with ISO times', () => {
    expect(toView(row)).toMatchObject({ start: '2024-05-01T00:00:00.000Z', end: '2024-05-01T00:05:00.000Z', lastAt: '2024-05-01T00:04:59.500Z', energyWh: 0.125, increase: null, suspectCount: 0, peakAt: null, runtimeSeconds: null, cost: null, currency: null, final: true });
  });

  it('writes RFC 4180 CSV with a header and empty cells for absent values', () => {
    expect(toCsv([row, { ...row, room: 'a "b", c' }]).split('\r\n')).toEqual([
      'site,kind,device,room,field,tier,window_start,window_end,count,min,max,mean,first,last,first_at,last_at,peak_at,suspect_count,energy_wh,runtime_seconds,cost,currency,increase,final',
      'demo,solar,solar-plant,,power_w,5m,2024-05-01T00:00:00.000Z,2024-05-01T00:05:00.000Z,3,1,3.5,2,1,3.5,2024-05-01T00:00:01.000Z,2024-05-01T00:04:59.500Z,,0,0.125,,,,,true',
      'demo,solar,solar-plant,"a ""b"", c",power_w,5m,2024-05-01T00:00:00.000Z,2024-05-01T00:05:00.000Z,3,1,3.5,2,1,3.5,2024-05-01T00:00:01.000Z,2024-05-01T00:04:59.500Z,,0,0.125,,,,,true',
      '',
    ]);
  });
});
