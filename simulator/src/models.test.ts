import { describe, expect, it } from 'vitest';
import { referenceBuilding, type DeviceDescriptor } from './building.js';
import { HOUR_MS, MINUTE_MS, localHour } from './curves.js';
import { createFleet } from './fleet.js';
import { createModel, LIMITS, type SensorValues } from './models.js';

const MONDAY = Date.UTC(2022, 0, 3); // 2022-01-03 00:00 UTC, a Monday
const SATURDAY = Date.UTC(2022, 0, 8);
const devices = referenceBuilding();
const byKind = (kind: string) => devices.filter((d) => d.kind === kind);

/** One reading per minute for `days` days from `start`, with the hour of each. */
function simulate(device: DeviceDescriptor, seed: number, start = MONDAY, days = 1, stepMs = MINUTE_MS) {
  const model = createModel(device, { seed });
  const samples: Array<{ hour: number; values: SensorValues }> = [];
  for (let ts = start; ts < start + days * 24 * HOUR_MS; ts += stepMs) {
    samples.push({ hour: localHour(ts, 0), values: model.next(ts) });
  }
  return samples;
}

const value = (v: SensorValues) => ('value' in v ? v.value : NaN);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
function meanBetween(samples: ReturnType<typeof simulate>, from: number, to: number, pick = (v: SensorValues) => value(v)) {
  return mean(samples.filter((s) => s.hour >= from && s.hour < to).map((s) => pick(s.values)));
}

describe('temperature', () => {
  it('stays within 19–26 °C with a daily swing, warmer in the afternoon than at night', () => {
    for (const device of byKind('temperature')) {
      for (const seed of [1, 2, 3]) {
        const day = simulate(device, seed, MONDAY, 2);
        const values = day.map((s) => value(s.values));
        expect(Math.min(...values)).toBeGreaterThanOrEqual(LIMITS.temperature.min);
        expect(Math.max(...values)).toBeLessThanOrEqual(LIMITS.temperature.max);
        expect(meanBetween(day, 13, 17)).toBeGreaterThan(meanBetween(day, 1, 5) + 1);
      }
    }
  });
});

describe('humidity', () => {
  it('stays within 30–60 % and moves at most 0.6 % per step', () => {
    for (const device of byKind('humidity')) {
      for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
        const values = simulate(device, seed, MONDAY, 3).map((s) => value(s.values));
        expect(Math.min(...values)).toBeGreaterThanOrEqual(LIMITS.humidity.min);
        expect(Math.max(...values)).toBeLessThanOrEqual(LIMITS.humidity.max);
        const steps = values.slice(1).map((v, i) => Math.abs(v - values[i]!));
        expect(Math.max(...steps)).toBeLessThanOrEqual(0.6 + 1e-9);
        expect(Math.max(...steps)).toBeGreaterThan(0); // it does move
      }
    }
  });
});

describe('light', () => {
  it('is dark at night and bright by day', () => {
    for (const device of byKind('light')) {
      const day = simulate(device, 11);
      const night = day.filter((s) => s.hour < 5 || s.hour >= 22).map((s) => value(s.values));
      expect(Math.max(...night)).toBeLessThan(5);
      expect(Math.min(...day.map((s) => value(s.values)))).toBeGreaterThanOrEqual(0);
      expect(meanBetween(day, 11, 14)).toBeGreaterThan(300);
    }
  });

  it('stays dark on a weekend night and has daylight without lamps on a weekend day', () => {
    const weekend = simulate(byKind('light')[0]!, 11, SATURDAY);
    expect(meanBetween(weekend, 0, 5)).toBeLessThan(5);
    expect(meanBetween(weekend, 11, 14)).toBeGreaterThan(100);
  });
});

describe('solar', () => {
  const pick = {
    power: (v: SensorValues) => (v.kind === 'solar' ? v.powerW : NaN),
  };

  it('gives 0 W at night and a bell curve peaking around midday', () => {
    const day = simulate(byKind('solar')[0]!, 5);
    for (const s of day.filter((s) => s.hour <= 6 || s.hour >= 18)) expect(s.values).toMatchObject({ powerW: 0, voltage: 0, current: 0 });
    const peak = day.reduce((best, s) => (pick.power(s.values) > pick.power(best.values) ? s : best));
    expect(peak.hour).toBeGreaterThanOrEqual(11);
    expect(peak.hour).toBeLessThanOrEqual(13);
    const hourly = [7, 9, 11, 13, 15].map((h) => meanBetween(day, h, h + 1, pick.power));
    expect(hourly[0]).toBeLessThan(hourly[1]!);
    expect(hourly[1]).toBeLessThan(hourly[2]!);
    expect(hourly[3]).toBeGreaterThan(hourly[4]!);
    expect(meanBetween(day, 11.5, 12.5, pick.power)).toBeGreaterThan(3000);
  });

  it('keeps current = power / voltage', () => {
    for (const seed of [1, 2, 3]) {
      for (const { values: v } of simulate(byKind('solar')[0]!, seed)) {
        if (v.kind !== 'solar' || v.powerW === 0) continue;
        expect(v.voltage).toBeGreaterThan(300);
        expect(v.voltage).toBeLessThan(1500);
        expect(Math.abs(v.current - v.powerW / v.voltage)).toBeLessThanOrEqual(0.005 + 1e-9);
      }
    }
  });
});

describe('co2', () => {
  it('stays within 400–1500 ppm, rises in office hours and decays after', () => {
    for (const device of byKind('co2')) {
      const day = simulate(device, 3);
      const values = day.map((s) => value(s.values));
      expect(Math.min(...values)).toBeGreaterThanOrEqual(LIMITS.co2.min);
      expect(Math.max(...values)).toBeLessThanOrEqual(LIMITS.co2.max);
      const early = meanBetween(day, 5, 7);
      expect(meanBetween(day, 8.5, 9)).toBeGreaterThan(early + 100); // rising as people arrive
      expect(meanBetween(day, 10, 12)).toBeGreaterThan(early + 300);
      expect(meanBetween(day, 22, 24)).toBeLessThan(meanBetween(day, 16, 17) - 300); // decayed
    }
  });

  it('stays near outdoor air on a weekend', () => {
    const weekend = simulate(byKind('co2')[0]!, 3, SATURDAY);
    expect(Math.max(...weekend.map((s) => value(s.values)))).toBeLessThan(500);
  });

  it('does not depend on how often it is sampled', () => {
    const fine = simulate(byKind('co2')[0]!, 3, MONDAY, 1, MINUTE_MS);
    const coarse = simulate(byKind('co2')[0]!, 3, MONDAY, 1, 15 * MINUTE_MS);
    expect(Math.abs(meanBetween(fine, 10, 12) - meanBetween(coarse, 10, 12))).toBeLessThan(60);
  });
});

describe('determinism', () => {
  const run = (seed: number) => {
    const fleet = createFleet({ devices, seed });
    const out: string[] = [];
    for (let ts = MONDAY; ts < MONDAY + 24 * HOUR_MS; ts += 30 * MINUTE_MS) {
      out.push(...fleet.round(ts).map((m) => m.payload.toString()));
    }
    return out;
  };

  it('gives the same messages for the same seed and clock', () => {
    expect(run(42)).toEqual(run(42));
  });

  it('gives different values for another seed', () => {
    const a = run(42);
    const b = run(43);
    expect(a.filter((m, i) => m !== b[i]).length).toBeGreaterThan(a.length / 2);
  });

  it("keeps a device's values when other devices are added", () => {
    const small = createFleet({ devices, seed: 9 });
    const large = createFleet({ devices: referenceBuilding({ devices: 500 }), seed: 9 });
    expect(large.reading(0, MONDAY).payload.toString()).toBe(small.reading(0, MONDAY).payload.toString());
  });
});
