import { describe, expect, it } from 'vitest';
import { priceRows, rateAt, tariffFromBody, type Tariff } from './tariffs.js';
import type { WindowRow } from './rows.js';

const FIVE_MINUTES = 300_000;
const tariff = (t: Partial<Tariff>): Tariff => ({ site: '*', effectiveFrom: 0, currency: 'BDT', rate: 8, peak: null, ...t });

describe('tariffs', () => {
  it('uses the rate in force: the latest that has begun, the site’s own before the one for every site', () => {
    const tariffs = [
      tariff({ rate: 8 }),
      tariff({ rate: 9, effectiveFrom: Date.UTC(2026, 10, 15) }),
      tariff({ site: 'dhaka', rate: 7, effectiveFrom: Date.UTC(2026, 10, 20) }),
    ];
    expect(rateAt(tariffs, 'demo', 'UTC', Date.UTC(2026, 10, 14, 23, 55))?.rate).toBe(8);
    expect(rateAt(tariffs, 'demo', 'UTC', Date.UTC(2026, 10, 15))?.rate).toBe(9);
    expect(rateAt(tariffs, 'dhaka', 'UTC', Date.UTC(2026, 10, 19))?.rate).toBe(9);
    expect(rateAt(tariffs, 'dhaka', 'UTC', Date.UTC(2026, 10, 21))?.rate).toBe(7);
    expect(rateAt([tariff({ effectiveFrom: Date.UTC(2030, 0, 1) })], 'demo', 'UTC', Date.UTC(2026, 0, 1))).toBeUndefined();
  });

  it('charges the peak rate in the site’s local peak hours, also across midnight', () => {
    const evening = [tariff({ peak: { rate: 12, startMinute: 18 * 60, endMinute: 23 * 60 } })];
    // 18:00 in Dhaka (UTC+6) is 12:00 UTC.
    expect(rateAt(evening, 'demo', 'Asia/Dhaka', Date.UTC(2026, 10, 1, 11, 55))?.rate).toBe(8);
    expect(rateAt(evening, 'demo', 'Asia/Dhaka', Date.UTC(2026, 10, 1, 12, 0))?.rate).toBe(12);
    expect(rateAt(evening, 'demo', 'Asia/Dhaka', Date.UTC(2026, 10, 1, 16, 55))?.rate).toBe(12);
    expect(rateAt(evening, 'demo', 'Asia/Dhaka', Date.UTC(2026, 10, 1, 17, 0))?.rate).toBe(8);
    const night = [tariff({ peak: { rate: 3, startMinute: 22 * 60, endMinute: 6 * 60 } })];
    expect(rateAt(night, 'demo', 'UTC', Date.UTC(2026, 10, 1, 23))?.rate).toBe(3);
    expect(rateAt(night, 'demo', 'UTC', Date.UTC(2026, 10, 1, 5, 55))?.rate).toBe(3);
    expect(rateAt(night, 'demo', 'UTC', Date.UTC(2026, 10, 1, 6))?.rate).toBe(8);
  });

  it('prices only rows with energy, at the rate of their window', () => {
    const row = { site: 'demo', energyWh: 500, windowStart: Date.UTC(2026, 10, 1, 18), cost: null, currency: null } as unknown as WindowRow;
    const [priced, unpriced] = priceRows([row, { ...row, energyWh: null }], [tariff({ peak: { rate: 10, startMinute: 18 * 60, endMinute: 23 * 60 } })], () => 'UTC');
    expect(priced).toMatchObject({ cost: 5, currency: 'BDT' });
    expect(unpriced).toMatchObject({ cost: null, currency: null });
  });

  it('takes a tariff from a request only on window boundaries, saying what to fix', () => {
    const now = Date.UTC(2026, 11, 2, 6, 31, 12);
    const isSite = (s: string) => /^[a-z]+$/.test(s);
    expect(tariffFromBody({ currency: 'BDT', rate: 8 }, FIVE_MINUTES, now, isSite)).toEqual(tariff({ effectiveFrom: Date.UTC(2026, 11, 2, 6, 35) }));
    expect(tariffFromBody({ currency: 'BDT', rate: 8, effectiveFrom: '2026-12-02T06:31:00Z' }, FIVE_MINUTES, now, isSite)).toMatch(/boundary of the 5-minute archive windows \(e\.g\. 2026-12-02T06:35:00\.000Z\)/);
    expect(tariffFromBody({ currency: 'BDT', rate: 8, peak: { rate: 9, start: '18:00', end: '24:00' } }, FIVE_MINUTES, now, isSite)).toMatch(/HH:MM/);
    expect(tariffFromBody({ currency: 'BDT', rate: 8, peak: { rate: 9, start: '18:01', end: '23:00' } }, FIVE_MINUTES, now, isSite)).toMatch(/boundaries/);
    expect(tariffFromBody({ currency: 'BDT', rate: 8, site: 'Bad Site' }, FIVE_MINUTES, now, isSite)).toMatch(/not a valid identifier/);
    expect(tariffFromBody({ currency: 'BDT', rate: 8, site: 'dhaka', effectiveFrom: 0, peak: { rate: 9, start: '18:00', end: '23:00' } }, FIVE_MINUTES, now, isSite)).toEqual(
      tariff({ site: 'dhaka', peak: { rate: 9, startMinute: 1080, endMinute: 1380 } }),
    );
  });
});
