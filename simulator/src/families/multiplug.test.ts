import { describe, expect, it } from 'vitest';
import { HOUR_MS, localHour } from '../curves.js';
import { NOMINAL_VOLTAGE, PLUG_LIMITS, createPlugModel, multiplugs, type PlugReading } from './multiplug.js';

const MONDAY = Date.UTC(2022, 0, 3);

function simulate(seed = 1, days = 2, stepMs = 30_000) {
  const model = createPlugModel(multiplugs(1)[0]!, { seed });
  const samples: Array<{ hour: number; readings: PlugReading[] }> = [];
  for (let ts = MONDAY; ts < MONDAY + days * 24 * HOUR_MS; ts += stepMs) samples.push({ hour: localHour(ts, 0), readings: model.next(ts) });
  return samples;
}

const port = (samples: ReturnType<typeof simulate>, n: number) => samples.map((s) => ({ hour: s.hour, ...s.readings[n - 1]! }));
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('multiplug readings', () => {
  it('gives one reading per port, ports 1–4, in the device\'s format', () => {
    expect(multiplugs(2).map((p) => p.deviceId)).toEqual(['plug-1', 'plug-2']);
    const readings = createPlugModel(multiplugs(1)[0]!, { seed: 1 }).next(MONDAY + 20 * HOUR_MS);
    expect(readings.map((r) => r.port)).toEqual([1, 2, 3, 4]);
    for (const reading of readings) expect(Object.keys(reading)).toEqual(['port', 'voltage', 'current', 'power', 'relay_state']);
  });

  it('stays inside what the server accepts: voltage 230 V ±2 %, current = power / voltage, nothing drawn with the relay off', () => {
    for (const seed of [1, 2, 3]) {
      const readings = simulate(seed).flatMap((s) => s.readings);
      const invalid = readings.filter((r) =>
        r.port < PLUG_LIMITS.port.min || r.port > PLUG_LIMITS.port.max ||
        r.voltage < NOMINAL_VOLTAGE * 0.98 || r.voltage > NOMINAL_VOLTAGE * 1.02 ||
        r.current < PLUG_LIMITS.current.min || r.current > PLUG_LIMITS.current.max ||
        r.power < PLUG_LIMITS.power.min || r.power > PLUG_LIMITS.power.max ||
        Math.abs(r.current - r.power / r.voltage) > 0.005 + 1e-9 ||
        (r.relay_state === 'OFF' && r.power !== 0) || !['ON', 'OFF'].includes(r.relay_state));
      expect(invalid).toEqual([]);
    }
  });

  it('has a household\'s loads: a cycling fridge, a TV watched in the evening, a scheduled heater, an idle charger', () => {
    const samples = simulate(1, 7);
    const fridge = port(samples, 1);
    const running = fridge.filter((r) => r.power > 50).length / fridge.length;
    expect(running).toBeGreaterThan(0.2);
    expect(running).toBeLessThan(0.6);
    const tv = port(samples, 2);
    const tvAt = (from: number, to: number) => mean(tv.filter((r) => r.hour >= from && r.hour < to).map((r) => r.power));
    expect(tvAt(19, 23)).toBeGreaterThan(3 * tvAt(8, 12));
    const heater = port(samples, 3);
    expect(heater.filter((r) => r.hour >= 10 && r.hour < 16).every((r) => r.relay_state === 'OFF' && r.power === 0)).toBe(true);
    expect(Math.max(...heater.map((r) => r.power))).toBeGreaterThan(1400);
    const charger = port(samples, 4);
    expect(charger.filter((r) => r.power < 1).length / charger.length).toBeGreaterThan(0.7);
  });

  it('is the same for the same seed', () => {
    expect(simulate(3, 1)).toEqual(simulate(3, 1));
    expect(simulate(4, 1)).not.toEqual(simulate(3, 1));
  });
});
