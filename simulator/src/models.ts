/**
 * Value models: realistic, and deterministic for a seed. Each model is given the reading's
 * timestamp, never the wall clock, so a test can run a simulated day in milliseconds.
 */
import type { DeviceDescriptor, SimKind } from './building.js';
import { HOUR_MS, MINUTE_MS, dailySwing, daylight, localHour, occupancy, solarBell } from './curves.js';
import { createRandom, deriveSeed, normal, uniform, type Random } from './random.js';

export type RoomKind = Exclude<SimKind, 'solar'>;

export type SensorValues =
  | { kind: RoomKind; value: number }
  | { kind: 'solar'; powerW: number; voltage: number; current: number };

export interface ValueModel {
  /** The next reading at `ts` (epoch ms). Calls must come in time order. */
  next(ts: number): SensorValues;
}

export interface ModelOptions {
  seed: number;
  /** Offset of the building's local time from UTC, for office hours and daylight. Default 0. */
  utcOffsetMinutes?: number;
}

export const LIMITS = {
  temperature: { min: 19, max: 26 },
  humidity: { min: 30, max: 60, maxStep: 0.6 },
  co2: { min: 400, max: 1500, outdoor: 420 },
} as const;

export function createModel(device: DeviceDescriptor, options: ModelOptions): ValueModel {
  const random = createRandom(deriveSeed(options.seed, device.deviceId));
  const offset = options.utcOffsetMinutes ?? 0;
  switch (device.kind) {
    case 'temperature':
      return temperatureModel(random, offset);
    case 'humidity':
      return humidityModel(random);
    case 'co2':
      return co2Model(random, offset);
    case 'light':
      return lightModel(random, offset);
    case 'solar':
      return solarModel(random, offset);
  }
}

/** Indoor temperature: a per-room base, a slow daily swing peaking mid-afternoon, a little noise. */
function temperatureModel(random: Random, offset: number): ValueModel {
  const base = uniform(random, 21, 23);
  const amplitude = uniform(random, 1, 2);
  const noise = createDrift(random, 30 * MINUTE_MS, 0.3);
  return {
    next(ts) {
      const raw = base + amplitude * dailySwing(localHour(ts, offset)) + noise(ts);
      return { kind: 'temperature', value: clamp(round(raw, 1), LIMITS.temperature.min, LIMITS.temperature.max) };
    },
  };
}

/** Humidity: a random walk in tenths of a percent, so a published step never exceeds ±0.6 %. */
function humidityModel(random: Random): ValueModel {
  const { min, max, maxStep } = LIMITS.humidity;
  const centre = 450;
  let tenths = Math.round(uniform(random, 400, 500));
  let started = false;
  return {
    next() {
      if (started) {
        const step = Math.round(normal(random) * 2.5 + (centre - tenths) * 0.01);
        tenths = clamp(tenths + clamp(step, -maxStep * 10, maxStep * 10), min * 10, max * 10);
      }
      started = true;
      return { kind: 'humidity', value: tenths / 10 };
    },
  };
}

/** CO2 approaches a level set by occupancy (people breathe) and decays to outdoor air otherwise. */
function co2Model(random: Random, offset: number): ValueModel {
  const { min, max, outdoor } = LIMITS.co2;
  const crowding = uniform(random, 0.6, 1);
  const airChangesPerHour = 1.2;
  const noise = createDrift(random, 10 * MINUTE_MS, 8);
  const target = (ts: number) => outdoor + 1000 * crowding * occupancy(ts, offset);
  let level: number | undefined;
  let last = 0;
  return {
    next(ts) {
      const goal = target(ts);
      const decay = Math.exp((-airChangesPerHour * Math.max(0, ts - last)) / HOUR_MS);
      level = level === undefined ? goal : goal + (level - goal) * decay;
      last = ts;
      return { kind: 'co2', value: clamp(Math.round(level + noise(ts)), min, max) };
    },
  };
}

/** Light: daylight through the windows (clouds pass), lamps on while people are in. */
function lightModel(random: Random, offset: number): ValueModel {
  const windowLux = uniform(random, 250, 800);
  const lampLux = 400;
  const clouds = createDrift(random, HOUR_MS, 0.12);
  return {
    next(ts) {
      const sky = clamp(0.85 + clouds(ts), 0.3, 1);
      const lamps = occupancy(ts, offset) > 0 ? lampLux : 0;
      const glow = random() * 2; // standby LEDs: dark is not exactly zero
      const lux = windowLux * daylight(localHour(ts, offset)) * sky + lamps + glow;
      return { kind: 'light', value: Math.round(lux) };
    },
  };
}

/** Solar: a bell curve around noon scaled by passing clouds; current = power / voltage. */
function solarModel(random: Random, offset: number): ValueModel {
  const peakW = uniform(random, 4500, 5500);
  const clouds = createDrift(random, HOUR_MS, 0.08);
  const ripple = createDrift(random, 5 * MINUTE_MS, 1.5);
  return {
    next(ts) {
      const sky = clamp(0.9 + clouds(ts), 0.4, 1);
      const shake = ripple(ts);
      const powerW = round(peakW * solarBell(localHour(ts, offset)) * sky, 1);
      if (powerW < 1) return { kind: 'solar', powerW: 0, voltage: 0, current: 0 };
      const voltage = round(350 + 40 * Math.sqrt(powerW / peakW) + shake, 1);
      return { kind: 'solar', powerW, voltage, current: round(powerW / voltage, 2) };
    },
  };
}

/**
 * Slow noise (an Ornstein–Uhlenbeck process, exact for any step): wanders around 0 with
 * standard deviation `sigma`, forgetting its past over `tauMs`. Independent of the call rate.
 */
export function createDrift(random: Random, tauMs: number, sigma: number): (ts: number) => number {
  let value = sigma * normal(random);
  let last: number | undefined;
  return (ts) => {
    const dt = last === undefined ? 0 : Math.max(0, ts - last);
    last = ts;
    const keep = Math.exp(-dt / tauMs);
    value = value * keep + sigma * Math.sqrt(1 - keep * keep) * normal(random);
    return value;
  };
}

export function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

export function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}
