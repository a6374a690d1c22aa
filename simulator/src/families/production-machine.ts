/**
 * The production machine (FlexoTwin): every 5 s its status and two counters, pieces made and
 * defective pieces in the current shift, to `flexotwin/{machineId}/status`. The counters start at
 * 0 at every shift change; shifts begin at a fixed local time of day and follow each other every
 * shift length (06:00, 14:00 and 22:00 by default).
 */
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../curves.js';
import { createDrift, round } from '../models.js';
import { createRandom, deriveSeed, uniform, type Random } from '../random.js';
import { readingSource, type ReadingSource } from '../runner.js';

export const DEFAULT_MACHINE_ID = 'machine';

export interface MachineDevice {
  machineId: string;
  topic: string;
}

export type MachineState = 'running' | 'idle' | 'stopped' | 'fault';

export interface MachineStatus {
  machine_id: string;
  status: MachineState;
  speed_rpm: number;
  temperature_c: number;
  cumulative_production: number;
  cumulative_defects: number;
  /** The shift's number within the day, 1 for the one starting at the first start time. */
  shift: number;
  ts: number;
}

/** `machine` (the topic the issue names), then `machine-2`…`machine-N`. */
export function productionMachines(count: number): MachineDevice[] {
  return Array.from({ length: count }, (_, i) => {
    const machineId = i === 0 ? DEFAULT_MACHINE_ID : `${DEFAULT_MACHINE_ID}-${i + 1}`;
    return { machineId, topic: `flexotwin/${machineId}/status` };
  });
}

export interface ShiftSchedule {
  lengthMs: number;
  /** Local time of day the first shift starts, in minutes after midnight (360 = 06:00). */
  firstStartMinutes: number;
  utcOffsetMinutes: number;
}

export const DEFAULT_SHIFTS: ShiftSchedule = { lengthMs: 8 * HOUR_MS, firstStartMinutes: 6 * 60, utcOffsetMinutes: 0 };

export interface Shift {
  /** 1 for the shift starting at the first start time, then 2, 3… until the next day's first start. */
  number: number;
  /** When it began (epoch ms): a new value means a shift change. */
  startedAt: number;
}

/** The shift `ts` falls in. A length that does not divide 24 h leaves the day's last shift shorter. */
export function shiftAt(ts: number, schedule: ShiftSchedule): Shift {
  const sinceFirstStart = mod(ts + (schedule.utcOffsetMinutes - schedule.firstStartMinutes) * MINUTE_MS, DAY_MS);
  const index = Math.floor(sinceFirstStart / schedule.lengthMs);
  return { number: index + 1, startedAt: ts - (sinceFirstStart - index * schedule.lengthMs) };
}

function mod(value: number, modulus: number): number {
  return ((value % modulus) + modulus) % modulus;
}

/** How long each state lasts on average, and where the machine goes from running. */
const MEAN_DURATION_MS: Record<MachineState, number> = {
  running: 45 * MINUTE_MS,
  idle: 4 * MINUTE_MS,
  stopped: 12 * MINUTE_MS,
  fault: 6 * MINUTE_MS,
};
const AFTER_RUNNING: ReadonlyArray<[MachineState, number]> = [['idle', 0.6], ['stopped', 0.25], ['fault', 0.15]];
/** Share of a shift the machine runs, for the counters of a shift that began before the simulator started. */
const EXPECTED_UPTIME = MEAN_DURATION_MS.running / (MEAN_DURATION_MS.running + 0.6 * MEAN_DURATION_MS.idle + 0.25 * MEAN_DURATION_MS.stopped + 0.15 * MEAN_DURATION_MS.fault);
const AMBIENT_C = 24;
/** How fast the machine warms up or cools down. */
const THERMAL_TAU_MS = 10 * MINUTE_MS;

export interface MachineModelOptions {
  seed: number;
  shifts: ShiftSchedule;
}

export interface MachineModel {
  /** The status at `ts` (epoch ms). Calls must come in time order. */
  next(ts: number): MachineStatus;
}

export function createMachineModel(device: MachineDevice, options: MachineModelOptions): MachineModel {
  const random = createRandom(deriveSeed(options.seed, device.machineId));
  const nominalRpm = uniform(random, 150, 200);
  const defectRate = uniform(random, 0.01, 0.03);
  const hotC = uniform(random, 58, 68);
  const speedWobble = createDrift(random, 2 * MINUTE_MS, 0.02);
  const states = createStateMachine(random);
  let shiftStart: number | undefined;
  let last: number | undefined;
  let temperature: number | undefined;
  let counters = { exactPieces: 0, production: 0, defects: 0 };
  return {
    next(ts) {
      const status = states(ts);
      const speed = status === 'running' ? nominalRpm * (1 + speedWobble(ts)) : 0;
      const shift = shiftAt(ts, options.shifts);
      if (shift.startedAt !== shiftStart) {
        // A new shift starts from 0; the one running when the simulator starts has got as far as its time says.
        const soFar = last === undefined ? ((ts - shift.startedAt) / MINUTE_MS) * nominalRpm * EXPECTED_UPTIME : 0;
        counters = { exactPieces: soFar, production: Math.floor(soFar), defects: Math.round(Math.floor(soFar) * defectRate) };
        shiftStart = shift.startedAt;
      }
      const since = last ?? ts;
      last = ts;
      // One piece per revolution, counted from the shift's start; each new piece is defective with the machine's rate.
      counters.exactPieces += (speed * (ts - Math.max(since, shift.startedAt))) / MINUTE_MS;
      const made = Math.floor(counters.exactPieces) - counters.production;
      counters.production += made;
      for (let i = 0; i < made; i++) if (random() < defectRate) counters.defects++;
      const target = status === 'running' ? hotC * (speed / nominalRpm) : AMBIENT_C;
      temperature = target + ((temperature ?? target) - target) * Math.exp(-(ts - since) / THERMAL_TAU_MS);
      return {
        machine_id: device.machineId,
        status,
        speed_rpm: round(speed, 1),
        temperature_c: round(temperature + 0.2 * (random() - 0.5), 1),
        cumulative_production: counters.production,
        cumulative_defects: counters.defects,
        shift: shift.number,
        ts,
      };
    },
  };
}

/** Running most of the time; now and then idle, stopped or in fault for a few minutes. Durations are random, by time not by call. */
function createStateMachine(random: Random): (ts: number) => MachineState {
  const duration = (state: MachineState) => -Math.log(1 - random()) * MEAN_DURATION_MS[state];
  let state: MachineState = random() < EXPECTED_UPTIME ? 'running' : 'idle';
  let until: number | undefined;
  return (ts) => {
    until ??= ts + duration(state);
    while (ts >= until) {
      state = state === 'running' ? pick(random, AFTER_RUNNING) : 'running';
      until += duration(state);
    }
    return state;
  };
}

function pick<T>(random: Random, weighted: ReadonlyArray<[T, number]>): T {
  let draw = random();
  for (const [value, weight] of weighted) {
    draw -= weight;
    if (draw < 0) return value;
  }
  return weighted[weighted.length - 1]![0];
}

export function encodeMachineStatus(status: MachineStatus): Buffer {
  return Buffer.from(JSON.stringify(status), 'utf8');
}

export interface MachineFleetOptions extends MachineModelOptions {
  devices: readonly MachineDevice[];
}

export function createMachineFleet(options: MachineFleetOptions): ReadingSource<MachineDevice> {
  const models = options.devices.map((device) => createMachineModel(device, options));
  return readingSource(options.devices, (device, index, ts) => ({
    topic: device.topic,
    payload: encodeMachineStatus(models[index]!.next(ts)),
    deviceId: device.machineId,
  }));
}
