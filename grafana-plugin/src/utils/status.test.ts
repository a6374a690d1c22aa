import { describe, expect, it } from 'vitest';

import { deviceStatus, formatAge } from './status.js';

const limits = { staleAfter: 60, offlineAfter: 300 };
const now = 1_700_000_000_000;

describe('deviceStatus', () => {
  it('is ok while the device reports', () => {
    expect(deviceStatus(true, now - 5_000, now, limits)).toBe('ok');
  });

  it('turns stale, then offline, as the silence grows', () => {
    expect(deviceStatus(true, now - 61_000, now, limits)).toBe('stale');
    expect(deviceStatus(true, now - 301_000, now, limits)).toBe('offline');
  });

  it('has no data without a usable value', () => {
    expect(deviceStatus(false, undefined, now, limits)).toBe('nodata');
  });

  it('does not guess without a timestamp, and a zero limit disables that state', () => {
    expect(deviceStatus(true, undefined, now, limits)).toBe('ok');
    expect(deviceStatus(true, now - 3_600_000, now, { staleAfter: 0, offlineAfter: 0 })).toBe('ok');
  });
});

describe('formatAge', () => {
  it('picks a readable unit', () => {
    expect(formatAge(12_000)).toBe('12 s ago');
    expect(formatAge(5 * 60_000)).toBe('5 min ago');
    expect(formatAge(3 * 3_600_000)).toBe('3 h ago');
    expect(formatAge(3 * 86_400_000)).toBe('3 d ago');
    expect(formatAge(-5)).toBe('0 s ago');
  });
});
