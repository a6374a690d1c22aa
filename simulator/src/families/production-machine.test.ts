import { describe, expect, it } from 'vitest';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../curves.js';
import {
  DEFAULT_SHIFTS, createMachineFleet, createMachineModel, productionMachines, shiftAt, type MachineStatus, type ShiftSchedule,
} from './production-machine.js';

const MONDAY = Date.UTC(2022, 0, 3);
const FIELDS = ['machine_id', 'status', 'speed_rpm', 'temperature_c', 'cumulative_production', 'cumulative_defects', 'shift', 'ts'];

function simulate(shifts: ShiftSchedule, options: { seed?: number; from?: number; durationMs: number; stepMs: number }) {
  const model = createMachineModel(productionMachines(1)[0]!, { seed: options.seed ?? 1, shifts });
  const samples: MachineStatus[] = [];
  const from = options.from ?? MONDAY;
  for (let ts = from; ts < from + options.durationMs; ts += options.stepMs) samples.push(model.next(ts));
  return samples;
}

describe('production machine status', () => {
  it('publishes the status fields to flexotwin/{machine}/status, the first machine being "machine"', () => {
    expect(productionMachines(3).map((m) => m.topic)).toEqual(['flexotwin/machine/status', 'flexotwin/machine-2/status', 'flexotwin/machine-3/status']);
    const fleet = createMachineFleet({ devices: productionMachines(1), seed: 1, shifts: DEFAULT_SHIFTS });
    const message = fleet.reading(0, MONDAY + 10 * HOUR_MS + 0.5);
    expect(message.topic).toBe('flexotwin/machine/status');
    const body = JSON.parse(message.payload.toString()) as MachineStatus;
    expect(Object.keys(body)).toEqual(FIELDS);
    expect(body).toMatchObject({ machine_id: 'machine', shift: 1, ts: MONDAY + 10 * HOUR_MS });
    expect(['running', 'idle', 'stopped', 'fault']).toContain(body.status);
    for (const field of ['cumulative_production', 'cumulative_defects', 'shift', 'ts'] as const) expect(Number.isInteger(body[field])).toBe(true);
  });

  it('runs most of the time, is now and then idle, stopped or in fault, and turns only while running', () => {
    const week = simulate(DEFAULT_SHIFTS, { durationMs: 7 * DAY_MS, stepMs: 5_000 });
    const share = (status: string) => week.filter((s) => s.status === status).length / week.length;
    expect(share('running')).toBeGreaterThan(0.7);
    for (const status of ['idle', 'stopped', 'fault']) expect(share(status)).toBeGreaterThan(0);
    expect(week.filter((s) => (s.status === 'running') !== (s.speed_rpm > 0))).toEqual([]);
    expect(week.filter((s) => s.speed_rpm > 250 || s.temperature_c < 15 || s.temperature_c > 80)).toEqual([]);
  });

  it('counts up while running, with 1–3 % defects, and only then', () => {
    const day = simulate(DEFAULT_SHIFTS, { from: MONDAY + 6 * HOUR_MS, durationMs: 8 * HOUR_MS - 5_000, stepMs: 5_000 });
    for (let i = 1; i < day.length; i++) {
      const [before, now] = [day[i - 1]!, day[i]!];
      const made = now.cumulative_production - before.cumulative_production;
      expect(made >= 0 && now.cumulative_defects >= before.cumulative_defects).toBe(true);
      if (now.status !== 'running' && before.status !== 'running') expect(made).toBe(0);
    }
    const last = day.at(-1)!;
    expect(last.cumulative_production).toBeGreaterThan(40_000);
    expect(last.cumulative_defects / last.cumulative_production).toBeGreaterThan(0.01);
    expect(last.cumulative_defects / last.cumulative_production).toBeLessThan(0.03);
  });

  it('resets both counters to 0 at every shift change, at the configured length', () => {
    const shifts = { lengthMs: 10_000, firstStartMinutes: 6 * 60, utcOffsetMinutes: 0 };
    const samples = simulate(shifts, { from: MONDAY + 6 * HOUR_MS, durationMs: 10 * MINUTE_MS, stepMs: 1_000 });
    let changes = 0;
    for (let i = 1; i < samples.length; i++) {
      const [before, now] = [samples[i - 1]!, samples[i]!];
      if (now.ts % 10_000 === 0) {
        changes++;
        expect(now.shift).toBe(before.shift + 1);
        expect(now).toMatchObject({ cumulative_production: 0, cumulative_defects: 0 });
      } else {
        expect(now.shift).toBe(before.shift);
        expect(now.cumulative_production).toBeGreaterThanOrEqual(before.cumulative_production);
      }
    }
    expect(changes).toBe(59);
    expect(Math.max(...samples.map((s) => s.cumulative_production))).toBeGreaterThan(0);
  });

  it('starts with the counts of a shift already under way', () => {
    const [first] = simulate(DEFAULT_SHIFTS, { from: MONDAY + 10 * HOUR_MS, durationMs: 1, stepMs: 1 });
    expect(first!.cumulative_production).toBeGreaterThan(20_000);
    expect(first!.cumulative_defects).toBeGreaterThan(0);
  });

  it('is the same for the same seed', () => {
    const run = (seed: number) => simulate(DEFAULT_SHIFTS, { seed, durationMs: DAY_MS, stepMs: 60_000 });
    expect(run(4)).toEqual(run(4));
    expect(run(5)).not.toEqual(run(4));
  });
});

describe('shiftAt', () => {
  const at = (hour: number, schedule: ShiftSchedule = DEFAULT_SHIFTS) => shiftAt(MONDAY + hour * HOUR_MS, schedule);

  it('gives shifts 1, 2 and 3 from 06:00, 14:00 and 22:00 local by default', () => {
    expect(at(6)).toEqual({ number: 1, startedAt: MONDAY + 6 * HOUR_MS });
    expect(at(13.99).number).toBe(1);
    expect(at(14)).toEqual({ number: 2, startedAt: MONDAY + 14 * HOUR_MS });
    expect(at(22)).toEqual({ number: 3, startedAt: MONDAY + 22 * HOUR_MS });
    expect(at(3)).toEqual({ number: 3, startedAt: MONDAY - 2 * HOUR_MS });
  });

  it('follows the local time and a configured first start', () => {
    // 06:00 at UTC+2 is 04:00 UTC.
    expect(at(4, { ...DEFAULT_SHIFTS, utcOffsetMinutes: 120 })).toEqual({ number: 1, startedAt: MONDAY + 4 * HOUR_MS });
    expect(at(7, { ...DEFAULT_SHIFTS, firstStartMinutes: 7 * 60 + 30 })).toEqual({ number: 3, startedAt: MONDAY - 0.5 * HOUR_MS });
  });

  it('starts again at the first start every day when the length does not divide 24 h', () => {
    const sevenHours = { ...DEFAULT_SHIFTS, lengthMs: 7 * HOUR_MS };
    expect(at(5, sevenHours)).toEqual({ number: 4, startedAt: MONDAY + 3 * HOUR_MS });
    expect(at(6, sevenHours)).toEqual({ number: 1, startedAt: MONDAY + 6 * HOUR_MS });
  });
});
