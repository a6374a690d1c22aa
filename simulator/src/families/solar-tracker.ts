/**
 * The dual-axis solar tracker (ESP32): two servos follow the sun with three light sensors (top,
 * left, right), a small panel charges a battery, and the firmware reports its readings and totals
 * every 350 ms to `solar-tracker/{deviceId}/telemetry`, its state (retained) to `…/status`.
 */
import { HOUR_MS, MINUTE_MS, SUNRISE_HOUR, SUNSET_HOUR, dailySwing, daylight, localHour } from '../curves.js';
import { clamp, createDrift, round } from '../models.js';
import { createRandom, deriveSeed, normal, uniform, type Random } from '../random.js';
import { readingSource, type ReadingSource } from '../runner.js';

export const TRACKER_FIRMWARE = '1.4.2';

export interface SolarTrackerDevice {
  deviceId: string;
  /** The name the owner gave it in the firmware's setup page, sent as `device_name`. */
  name: string;
  telemetryTopic: string;
  statusTopic: string;
}

/** The telemetry fields in the firmware's order. Light and errors are ADC counts; manual and steady 0/1. */
export interface TrackerTelemetry {
  top: number;
  left: number;
  right: number;
  avg: number;
  horizontal_error: number;
  vertical_error: number;
  tilt_angle: number;
  pan_angle: number;
  pan_target: number;
  manual: 0 | 1;
  steady: 0 | 1;
  power_w: number;
  power_actual_w: number;
  temp_c: number;
  battery_pct: number;
  battery_v: number;
  efficiency: number;
  energy_wh: number;
  energy_kwh: number;
  co2_kg: number;
  trees: number;
  phones: number;
  phone_minutes: number;
  pesos: number;
  grid_price: number;
  device_name: string;
}

export type TrackerState = 'online' | 'offline';

/** `tracker-1`…`tracker-N`. */
export function solarTrackers(count: number): SolarTrackerDevice[] {
  return Array.from({ length: count }, (_, i) => {
    const deviceId = `tracker-${i + 1}`;
    return {
      deviceId,
      name: `Seguidor solar bi-eje #${i + 1} (ESP32, panel 20 W) - Azotea edificio B, Laboratorio de Energias Renovables, Campus Norte`,
      telemetryTopic: `solar-tracker/${deviceId}/telemetry`,
      statusTopic: `solar-tracker/${deviceId}/status`,
    };
  });
}

/** The retained status message: `online` at start, `offline` on a clean stop and as the MQTT will. */
export function trackerStatus(device: SolarTrackerDevice, status: TrackerState): { topic: string; payload: Buffer; retain: true } {
  return { topic: device.statusTopic, payload: Buffer.from(JSON.stringify({ status, firmware: TRACKER_FIRMWARE })), retain: true };
}

/** Totals the firmware derives from the energy produced (its display's "what you saved"). */
export const SAVINGS = {
  /** kg of CO2 the grid emits per kWh. */
  co2KgPerKwh: 0.444,
  /** kg of CO2 one tree absorbs in a year. */
  co2KgPerTree: 21.77,
  /** Wh one smartphone charge takes. */
  whPerPhoneCharge: 15,
  /** A phone charging draws this many W: minutes of charging the energy would give. */
  phoneChargerW: 5,
} as const;

/** Where the servos rest between sunset and sunrise: facing east, ready for the morning. */
const PARK = { pan: 10, tilt: 45 };
/** Servo travel speed, degrees per second. */
const SERVO_DEG_PER_S = 1.5;
/** Light-sensor difference per degree of misalignment, as a share of the brightness. */
const SENSOR_GAIN_PER_DEG = 0.01;
/** Errors within this many ADC counts count as aligned (the firmware's dead band). */
const DEAD_BAND = 50;
const ADC_MAX = 4095;
/** What the light sensors read in the dark (the divider's offset), what full sun adds, and their noise in counts. */
const SENSOR_DARK = 140;
const SENSOR_FULL_SUN = 3600;
const SENSOR_NOISE = 6;
/** The dark reading the firmware was calibrated with: never quite the real one, so it expects a trickle of power at night. */
const CALIBRATED_DARK = 120;
/** Below this expected power the firmware reports an efficiency of 0 instead of a ratio of noise. */
const MIN_POWER_FOR_EFFICIENCY_W = 0.5;
/** ESP32 and servos, W. */
const OWN_CONSUMPTION_W = 1.2;
/** 3S Li-ion pack: 9.9 V empty to 12.6 V full. */
const BATTERY = { capacityWh: 58, emptyV: 9.9, fullV: 12.6, chargeEfficiency: 0.9 };

export interface TrackerModelOptions {
  seed: number;
  utcOffsetMinutes?: number;
}

export interface TrackerModel {
  /** The telemetry at `ts` (epoch ms). Calls must come in time order. */
  next(ts: number): TrackerTelemetry;
}

/** Where the sun is, in servo angles: pan sweeps east (10°) to west (170°), tilt is 90° minus the elevation. */
function sunInServoAngles(hour: number, maxElevation: number): { pan: number; tilt: number } | undefined {
  if (hour <= SUNRISE_HOUR || hour >= SUNSET_HOUR) return undefined;
  const dayFraction = (hour - SUNRISE_HOUR) / (SUNSET_HOUR - SUNRISE_HOUR);
  return { pan: 10 + 160 * dayFraction, tilt: 90 - maxElevation * Math.sin(Math.PI * dayFraction) };
}

export function createTrackerModel(device: SolarTrackerDevice, options: TrackerModelOptions): TrackerModel {
  const random = createRandom(deriveSeed(options.seed, device.deviceId));
  const offset = options.utcOffsetMinutes ?? 0;
  const peakW = uniform(random, 18, 22);
  const maxElevation = uniform(random, 55, 75);
  const gridPrice = round(uniform(random, 2.6, 3.1), 2);
  const clouds = createDrift(random, HOUR_MS, 0.1);
  const manual = createManualSessions(random);
  const state = {
    pan: PARK.pan,
    tilt: PARK.tilt,
    panTarget: PARK.pan,
    // A device that has been running for months: lifetime energy, a charged battery.
    energyWh: uniform(random, 800, 4000),
    batteryWh: BATTERY.capacityWh * uniform(random, 0.55, 0.9),
    last: undefined as number | undefined,
  };
  return {
    next(ts) {
      const dtS = state.last === undefined ? 0 : Math.max(0, ts - state.last) / 1000;
      state.last = ts;
      const hour = localHour(ts, offset);
      const sun = sunInServoAngles(hour, maxElevation);
      const isManual = manual(ts);
      if (!isManual) state.panTarget = Math.round(sun?.pan ?? PARK.pan);
      const tiltTarget = isManual ? state.tilt : (sun?.tilt ?? PARK.tilt);
      state.pan = approach(state.pan, state.panTarget, SERVO_DEG_PER_S * dtS);
      state.tilt = approach(state.tilt, tiltTarget, SERVO_DEG_PER_S * dtS);

      const sky = clamp(0.9 + clouds(ts), 0.35, 1);
      const light = daylight(hour) * sky;
      const misPan = (sun?.pan ?? state.pan) - state.pan;
      const misTilt = (sun?.tilt ?? state.tilt) - state.tilt;
      const sensors = lightSensors(random, light, misPan, misTilt);

      // The firmware has no irradiance sensor: the power it expects comes from the light sensors' average.
      const powerW = peakW * (Math.max(0, sensors.avg - CALIBRATED_DARK) / SENSOR_FULL_SUN) ** 0.8;
      const alignment = Math.cos((misPan * Math.PI) / 180) * Math.cos((misTilt * Math.PI) / 180);
      const ambient = 22 + 6 * dailySwing(hour);
      const sunW = peakW * light ** 0.8; // what the panel makes facing the sun squarely
      const tempC = ambient + 0.9 * sunW + 0.3 * normal(random);
      // Hot cells lose about 0.4 % per °C above 25 °C; wiring and the charger lose a few per cent more.
      const heatLoss = 1 - 0.004 * Math.max(0, tempC - 25);
      const sensorOffsetW = Math.abs(normal(random)) * 0.004; // the current sensor never reads exactly 0
      const actualW = sunW * Math.max(0, alignment) * heatLoss * 0.95 + sensorOffsetW;

      const hours = dtS / 3600;
      state.energyWh += actualW * hours;
      const netWh = (actualW * BATTERY.chargeEfficiency - OWN_CONSUMPTION_W) * hours;
      state.batteryWh = clamp(state.batteryWh + netWh, 0.05 * BATTERY.capacityWh, BATTERY.capacityWh);
      const batteryShare = state.batteryWh / BATTERY.capacityWh;
      const charging = actualW > OWN_CONSUMPTION_W ? 0.15 : -0.05; // the pack reads higher while charging
      const adcNoiseV = 0.01 * normal(random);

      const energyKwh = state.energyWh / 1000;
      const co2Kg = energyKwh * SAVINGS.co2KgPerKwh;
      const phones = state.energyWh / SAVINGS.whPerPhoneCharge;
      return {
        top: sensors.top,
        left: sensors.left,
        right: sensors.right,
        avg: sensors.avg,
        horizontal_error: sensors.horizontal_error,
        vertical_error: sensors.vertical_error,
        // Both angles are read back from the motion sensor on the panel (accelerometer and compass), never exactly the servos'.
        tilt_angle: state.tilt + 0.05 * normal(random),
        pan_angle: state.pan + 0.3 * normal(random),
        pan_target: state.panTarget,
        manual: isManual ? 1 : 0,
        steady: !isManual && state.pan === state.panTarget && state.tilt === tiltTarget && withinDeadBand(sensors) ? 1 : 0,
        power_w: powerW,
        power_actual_w: actualW,
        temp_c: tempC,
        battery_pct: 100 * batteryShare,
        battery_v: BATTERY.emptyV + (BATTERY.fullV - BATTERY.emptyV) * batteryShare + charging + adcNoiseV,
        efficiency: powerW >= MIN_POWER_FOR_EFFICIENCY_W ? clamp((100 * actualW) / powerW, 0, 100) : 0,
        energy_wh: state.energyWh,
        energy_kwh: energyKwh,
        co2_kg: co2Kg,
        trees: co2Kg / SAVINGS.co2KgPerTree,
        phones,
        phone_minutes: (state.energyWh / SAVINGS.phoneChargerW) * 60,
        pesos: energyKwh * gridPrice,
        grid_price: gridPrice,
        device_name: device.name,
      };
    },
  };
}

/** The three light sensors (12-bit ADC) and the errors the firmware steers by. */
function lightSensors(random: Random, light: number, misPan: number, misTilt: number) {
  const base = SENSOR_DARK + SENSOR_FULL_SUN * light;
  const read = (skew: number) => clamp(Math.round(base * (1 + skew) * (1 + 0.003 * normal(random)) + SENSOR_NOISE * normal(random)), 0, ADC_MAX);
  const top = read(SENSOR_GAIN_PER_DEG * misTilt);
  const left = read(-SENSOR_GAIN_PER_DEG * misPan);
  const right = read(SENSOR_GAIN_PER_DEG * misPan);
  return {
    top,
    left,
    right,
    avg: Math.round((top + left + right) / 3),
    horizontal_error: left - right,
    vertical_error: top - Math.round((left + right) / 2),
  };
}

function withinDeadBand(sensors: { horizontal_error: number; vertical_error: number }): boolean {
  return Math.abs(sensors.horizontal_error) < DEAD_BAND && Math.abs(sensors.vertical_error) < DEAD_BAND;
}

/** Now and then the owner switches to manual for a few minutes (about every 8 hours); the servos hold still. */
function createManualSessions(random: Random): (ts: number) => boolean {
  const nextGap = () => -Math.log(1 - random()) * 8 * HOUR_MS;
  let start: number | undefined;
  let end = 0;
  return (ts) => {
    start ??= ts + nextGap();
    while (ts >= end && ts >= start) {
      end = start + uniform(random, 3, 10) * MINUTE_MS;
      if (ts < end) break;
      start = end + nextGap();
    }
    return ts >= start && ts < end;
  };
}

function approach(from: number, to: number, maxStep: number): number {
  return from + clamp(to - from, -maxStep, maxStep);
}

/**
 * The telemetry as the firmware sends it: ArduinoJson's serializeJsonPretty (two-space indentation,
 * CRLF line ends; JSON strings never hold a raw newline, so only the line ends change), no
 * timestamp unless `withTs` (the real device sends none; the receiver stamps arrival).
 */
export function encodeTelemetry(values: TrackerTelemetry, ts: number, withTs: boolean): Buffer {
  return Buffer.from(JSON.stringify(withTs ? { ...values, ts } : values, null, 2).replaceAll('\n', '\r\n'), 'utf8');
}

export interface TrackerFleetOptions extends TrackerModelOptions {
  devices: readonly SolarTrackerDevice[];
  /** Add `ts` (epoch ms) to each message; the real firmware does not. */
  withTs?: boolean;
}

export function createTrackerFleet(options: TrackerFleetOptions): ReadingSource<SolarTrackerDevice> {
  const models = options.devices.map((device) => createTrackerModel(device, options));
  return readingSource(options.devices, (device, index, ts) => ({
    topic: device.telemetryTopic,
    payload: encodeTelemetry(models[index]!.next(ts), ts, options.withTs ?? false),
    deviceId: device.deviceId,
  }));
}
