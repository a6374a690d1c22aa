import { describe, expect, it } from 'vitest';
import { HOUR_MS, localHour } from '../curves.js';
import { SAVINGS, createTrackerFleet, createTrackerModel, encodeTelemetry, solarTrackers, trackerStatus, type TrackerTelemetry } from './solar-tracker.js';

const MONDAY = Date.UTC(2022, 0, 3);
const FIELDS = [
  'top', 'left', 'right', 'avg', 'horizontal_error', 'vertical_error', 'tilt_angle', 'pan_angle', 'pan_target', 'manual', 'steady',
  'power_w', 'power_actual_w', 'temp_c', 'battery_pct', 'battery_v', 'efficiency', 'energy_wh', 'energy_kwh', 'co2_kg', 'trees',
  'phones', 'phone_minutes', 'pesos', 'grid_price', 'device_name',
];
const INTEGERS = ['top', 'left', 'right', 'avg', 'horizontal_error', 'vertical_error', 'pan_target', 'manual', 'steady'] as const;

/** Telemetry every `stepMs` for `days` days from Monday 00:00 UTC, the tracker's real pace being 350 ms. */
function simulate(options: { seed?: number; deviceIndex?: number; days?: number; stepMs?: number } = {}) {
  const device = solarTrackers((options.deviceIndex ?? 0) + 1).at(-1)!;
  const model = createTrackerModel(device, { seed: options.seed ?? 1 });
  const samples: Array<{ ts: number; hour: number; values: TrackerTelemetry }> = [];
  for (let ts = MONDAY; ts < MONDAY + (options.days ?? 1) * 24 * HOUR_MS; ts += options.stepMs ?? 350) {
    samples.push({ ts, hour: localHour(ts, 0), values: model.next(ts) });
  }
  return samples;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const between = (samples: ReturnType<typeof simulate>, from: number, to: number, pick: (v: TrackerTelemetry) => number) =>
  mean(samples.filter((s) => s.hour >= from && s.hour < to).map((s) => pick(s.values)));

describe('solar tracker telemetry', () => {
  it('has exactly the firmware\'s fields, integers where it sends integers, 0/1 flags and no ts', () => {
    const [device] = solarTrackers(1);
    const fleet = createTrackerFleet({ devices: [device!], seed: 1 });
    const message = fleet.reading(0, MONDAY + 12 * HOUR_MS);
    expect(message.topic).toBe('solar-tracker/tracker-1/telemetry');
    const body = JSON.parse(message.payload.toString()) as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(FIELDS);
    for (const field of INTEGERS) expect(Number.isInteger(body[field]), field).toBe(true);
    expect([0, 1]).toContain(body.manual);
    expect([0, 1]).toContain(body.steady);
    for (const field of FIELDS.filter((f) => f !== 'device_name')) expect(typeof body[field], field).toBe('number');
    expect(body.device_name).toMatch(/^Seguidor solar bi-eje #1 /);
  });

  it('adds ts (epoch ms) only when asked', () => {
    const [device] = solarTrackers(1);
    const withTs = createTrackerFleet({ devices: [device!], seed: 1, withTs: true }).reading(0, MONDAY + 0.7);
    expect(JSON.parse(withTs.payload.toString())).toMatchObject({ ts: MONDAY });
    expect(Object.keys(JSON.parse(withTs.payload.toString()))).toEqual([...FIELDS, 'ts']);
  });

  it('is 800–1,000 bytes, pretty-printed as the firmware does, day and night, with or without ts', () => {
    for (const seed of [1, 2, 3]) {
      for (const deviceIndex of [0, 9]) {
        const sizes = simulate({ seed, deviceIndex, days: 2, stepMs: 60_000 }).flatMap(({ ts, values }) =>
          [false, true].map((withTs) => encodeTelemetry(values, ts, withTs).length),
        );
        expect(Math.min(...sizes)).toBeGreaterThanOrEqual(800);
        expect(Math.max(...sizes)).toBeLessThanOrEqual(1000);
      }
    }
    const text = encodeTelemetry(simulate({ days: 1, stepMs: HOUR_MS })[12]!.values, 0, false).toString();
    expect(text).toMatch(/^\{\r\n {2}"top": \d+,\r\n {2}"left": /);
    expect(text.endsWith('"\r\n}')).toBe(true);
  });

  it('follows the sun over the day and parks facing east at night', () => {
    const day = simulate({ stepMs: 10_000 });
    const pan = (from: number, to: number) => between(day, from, to, (v) => v.pan_angle);
    expect(pan(8, 9)).toBeLessThan(pan(12, 13));
    expect(pan(12, 13)).toBeLessThan(pan(16, 17));
    expect(pan(1, 4)).toBeCloseTo(10, 0);
    expect(between(day, 12, 13, (v) => v.tilt_angle)).toBeLessThan(between(day, 8, 9, (v) => v.tilt_angle));
    expect(day.filter(({ values: v }) => v.tilt_angle < 0 || v.tilt_angle > 90 || v.pan_angle < 0 || v.pan_angle > 180)).toEqual([]);
    // Behind its target only while it swings back east after sunset.
    const lagging = day.filter(({ values: v }) => Math.abs(v.pan_angle - v.pan_target) >= 3);
    expect(lagging.every((s) => s.hour >= 20 && s.hour < 20.05)).toBe(true);
    expect(between(day, 9, 17, (v) => v.steady)).toBeGreaterThan(0.8);
  });

  it('makes power on a daily curve and accumulates energy; the totals derive from it', () => {
    const day = simulate({ stepMs: 5_000 });
    const power = (from: number, to: number) => between(day, from, to, (v) => v.power_actual_w);
    expect(power(0, 5)).toBeLessThan(0.05);
    expect(power(11, 14)).toBeGreaterThan(12);
    expect(power(11, 14)).toBeGreaterThan(power(7, 8) + 3);
    expect(between(day, 0, 5, (v) => v.avg)).toBeLessThan(200);
    expect(between(day, 11, 14, (v) => v.avg)).toBeGreaterThan(2500);
    const energy = day.map((s) => s.values.energy_wh);
    for (let i = 1; i < energy.length; i++) expect(energy[i]).toBeGreaterThanOrEqual(energy[i - 1]!);
    const madeToday = energy.at(-1)! - energy[0]!;
    expect(madeToday).toBeGreaterThan(60);
    expect(madeToday).toBeLessThan(200);
    const close = (a: number, b: number) => Math.abs(a - b) < 1e-9;
    const wrong = day.filter(({ values: v }) =>
      !close(v.energy_kwh, v.energy_wh / 1000) ||
      !close(v.co2_kg, v.energy_kwh * SAVINGS.co2KgPerKwh) ||
      !close(v.trees, v.co2_kg / SAVINGS.co2KgPerTree) ||
      !close(v.phones, v.energy_wh / SAVINGS.whPerPhoneCharge) ||
      !close(v.phone_minutes, (v.energy_wh / SAVINGS.phoneChargerW) * 60) ||
      !close(v.pesos, v.energy_kwh * v.grid_price) ||
      !(v.efficiency >= 0 && v.efficiency <= 100) ||
      !(v.battery_pct >= 0 && v.battery_pct <= 100) ||
      !(v.battery_v > 9.5 && v.battery_v < 13) ||
      !(v.temp_c > 5 && v.temp_c < 60) ||
      [v.top, v.left, v.right, v.avg].some((light) => light < 0 || light > 4095),
    );
    expect(wrong).toEqual([]);
    // The battery charges by day and runs down at night.
    const battery = (hour: number) => day.find((s) => s.hour >= hour)!.values.battery_pct;
    expect(battery(16)).toBeGreaterThan(battery(7));
    expect(battery(23.9)).toBeLessThan(battery(18));
  });

  it('switches to manual now and then: the servos hold still and it is not steady', () => {
    const week = simulate({ days: 7, stepMs: 10_000 });
    const manual = week.filter((s) => s.values.manual === 1);
    expect(manual.length).toBeGreaterThan(0);
    expect(manual.length / week.length).toBeLessThan(0.1);
    expect(manual.every((s) => s.values.steady === 0)).toBe(true);
  });

  it('is the same for the same seed', () => {
    const a = simulate({ seed: 5, stepMs: HOUR_MS }).map((s) => s.values);
    const b = simulate({ seed: 5, stepMs: HOUR_MS }).map((s) => s.values);
    expect(a).toEqual(b);
    expect(simulate({ seed: 6, stepMs: HOUR_MS }).map((s) => s.values)).not.toEqual(a);
  });
});

describe('solar tracker status', () => {
  it('is retained JSON with the state and the firmware version', () => {
    const [device] = solarTrackers(1);
    for (const status of ['online', 'offline'] as const) {
      const message = trackerStatus(device!, status);
      expect(message.topic).toBe('solar-tracker/tracker-1/status');
      expect(message.retain).toBe(true);
      expect(JSON.parse(message.payload.toString())).toEqual({ status, firmware: '1.4.2' });
    }
  });
});
