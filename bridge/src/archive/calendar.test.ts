import { describe, expect, it } from 'vitest';
import { parseShiftStarts, periodsOverlapping, tilingTier } from './calendar.js';

const HOUR = 3_600_000;
const TIERS = [
  { label: '5m', ms: 300_000, retentionMs: null },
  { label: '1h', ms: HOUR, retentionMs: null },
  { label: '1d', ms: 24 * HOUR, retentionMs: null },
];
const span = (p: { start: number; end: number }) => (p.end - p.start) / HOUR;

describe('local periods', () => {
  it('makes a 23-hour and a 25-hour day where Berlin changes its clocks', () => {
    const spring = periodsOverlapping('day', 'Europe/Berlin', Date.UTC(2026, 2, 29, 12), Date.UTC(2026, 2, 29, 13));
    expect(spring).toEqual([{ period: 'day', start: Date.UTC(2026, 2, 28, 23), end: Date.UTC(2026, 2, 29, 22), localDate: '2026-03-29', shift: 0 }]);
    const autumn = periodsOverlapping('day', 'Europe/Berlin', Date.UTC(2026, 9, 25, 12), Date.UTC(2026, 9, 25, 13));
    expect(span(autumn[0]!)).toBe(25);
    expect(periodsOverlapping('day', 'Asia/Dhaka', Date.UTC(2026, 0, 1), Date.UTC(2026, 0, 3)).map((d) => [d.localDate, span(d)])).toEqual([
      ['2026-01-01', 24], ['2026-01-02', 24], ['2026-01-03', 24],
    ]);
  });

  it('starts weeks on Monday and months on the 1st, at local midnight', () => {
    const [week] = periodsOverlapping('week', 'Europe/Berlin', Date.UTC(2026, 2, 29, 12), Date.UTC(2026, 2, 29, 13));
    expect(week).toMatchObject({ localDate: '2026-03-23', start: Date.UTC(2026, 2, 22, 23), end: Date.UTC(2026, 2, 29, 22) });
    expect(span(week!)).toBe(7 * 24 - 1);
    const months = periodsOverlapping('month', 'Europe/Berlin', Date.UTC(2026, 2, 15), Date.UTC(2026, 3, 15));
    expect(months.map((m) => [m.localDate, new Date(m.start).toISOString()])).toEqual([
      ['2026-03-01', '2026-02-28T23:00:00.000Z'],
      ['2026-04-01', '2026-03-31T22:00:00.000Z'],
    ]);
  });

  it('cuts shifts at their local start times, the night shift 7 hours long when the clocks go forward', () => {
    const starts = parseShiftStarts('06:00, 14:00 ,22:00', 300_000, []);
    const shifts = periodsOverlapping('shift', 'Europe/Berlin', Date.UTC(2026, 2, 28, 20), Date.UTC(2026, 2, 29, 6), starts);
    expect(shifts.map((s) => [s.localDate, s.shift, new Date(s.start).toISOString(), span(s)])).toEqual([
      ['2026-03-28', 2, '2026-03-28T13:00:00.000Z', 8],
      ['2026-03-28', 3, '2026-03-28T21:00:00.000Z', 7],
      ['2026-03-29', 1, '2026-03-29T04:00:00.000Z', 8],
    ]);
  });

  it('refuses shift starts that are not times of day or not on base-window boundaries', () => {
    const problems: string[] = [];
    parseShiftStarts('06:00,25:00,14:02,06:00', 300_000, problems);
    expect(problems).toEqual([
      'ARCHIVE_SHIFTS: "25:00" is not a time of day HH:MM (e.g. 06:00,14:00,22:00)',
      'ARCHIVE_SHIFTS: 14:02 does not fall on a boundary of the 5-minute base windows',
      'ARCHIVE_SHIFTS lists a start twice',
    ]);
  });

  it('builds a period from the longest tier that tiles it', () => {
    const day = (zone: string) => periodsOverlapping('day', zone, Date.UTC(2026, 2, 29, 12), Date.UTC(2026, 2, 29, 13))[0]!;
    expect(tilingTier(TIERS, day('UTC').start, day('UTC').end)?.label).toBe('1d');
    expect(tilingTier(TIERS, day('Europe/Berlin').start, day('Europe/Berlin').end)?.label).toBe('1h');
    expect(tilingTier(TIERS, day('Asia/Kathmandu').start, day('Asia/Kathmandu').end)?.label).toBe('5m');
  });
});
