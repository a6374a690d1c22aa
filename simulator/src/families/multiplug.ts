/**
 * The 4-port smart multiplug (ESP8266, no MQTT): each port measures its load and the plug POSTs one
 * JSON reading per port to the server, `{"port":1,"voltage":229.8,"current":2.31,"power":502.4,"relay_state":"ON"}`.
 * The loads are a household's: a fridge cycling, a TV with its evening peak, a heater, an idle charger.
 */
import { HOUR_MS, MINUTE_MS, localHour } from '../curves.js';
import { clamp, createDrift, round } from '../models.js';
import { createRandom, deriveSeed, normal, uniform, type Random } from '../random.js';

export const PORTS_PER_PLUG = 4;
/** What the server accepts: anything outside is refused. */
export const PLUG_LIMITS = { port: { min: 1, max: PORTS_PER_PLUG }, voltage: { min: 0, max: 300 }, current: { min: 0, max: 50 }, power: { min: 0, max: 15_000 } } as const;
export const NOMINAL_VOLTAGE = 230;

export interface PlugDevice {
  deviceId: string;
}

export type RelayState = 'ON' | 'OFF';

export interface PlugReading {
  port: number;
  voltage: number;
  current: number;
  power: number;
  relay_state: RelayState;
}

/** `plug-1`…`plug-N`. */
export function multiplugs(count: number): PlugDevice[] {
  return Array.from({ length: count }, (_, i) => ({ deviceId: `plug-${i + 1}` }));
}

/** One port's appliance: its draw in W at `ts`, and whether its relay is on. */
type Load = (ts: number) => { powerW: number; relay: RelayState };

export interface PlugModelOptions {
  seed: number;
  utcOffsetMinutes?: number;
}

export interface PlugModel {
  /** One reading per port at `ts` (epoch ms), ports 1–4 in order. Calls must come in time order. */
  next(ts: number): PlugReading[];
}

export function createPlugModel(device: PlugDevice, options: PlugModelOptions): PlugModel {
  const random = createRandom(deriveSeed(options.seed, device.deviceId));
  const offset = options.utcOffsetMinutes ?? 0;
  const loads: Load[] = [fridge(random), television(random, offset), heater(random, offset), charger(random)];
  // The mains voltage wanders within ±2 % of 230 V, the same for every port of the plug.
  const mains = createDrift(random, 20 * MINUTE_MS, 0.008);
  return {
    next(ts) {
      const voltage = round(NOMINAL_VOLTAGE * (1 + clamp(mains(ts), -0.02, 0.02)), 1);
      return loads.map((load, i) => {
        const { powerW, relay } = load(ts);
        const power = round(relay === 'ON' ? Math.max(0, powerW) : 0, 1);
        return { port: i + 1, voltage, current: round(power / voltage, 2), power, relay_state: relay };
      });
    },
  };
}

/**
 * Alternates between two states with random durations (exponential, by time not by call), so a
 * cycle is the same whether it is read every second or every minute.
 */
function createCycle(random: Random, meanOnMs: number, meanOffMs: number): (ts: number) => boolean {
  let on = random() < meanOnMs / (meanOnMs + meanOffMs);
  let until: number | undefined;
  const draw = () => -Math.log(1 - random()) * (on ? meanOnMs : meanOffMs);
  return (ts) => {
    until ??= ts + draw();
    while (ts >= until) {
      on = !on;
      until += draw();
    }
    return on;
  };
}

/** A fridge: the compressor runs ~15 min, rests ~25 min; a few W for the electronics in between. */
function fridge(random: Random): Load {
  const compressorW = uniform(random, 110, 150);
  const running = createCycle(random, 15 * MINUTE_MS, 25 * MINUTE_MS);
  return (ts) => ({ powerW: running(ts) ? compressorW + 3 * normal(random) : uniform(random, 1.5, 2.5), relay: 'ON' });
}

/** A TV: on most of the evening (19–23 h), now and then during the day (07–19 h), in standby at night. */
function television(random: Random, offset: number): Load {
  const screenW = uniform(random, 85, 140);
  const evening = createCycle(random, 2 * HOUR_MS, 10 * MINUTE_MS);
  const daytime = createCycle(random, 30 * MINUTE_MS, 4 * HOUR_MS);
  // The picture's brightness moves the draw by a few per cent.
  const picture = createDrift(random, MINUTE_MS, 0.05);
  return (ts) => {
    const hour = localHour(ts, offset);
    const watching = hour >= 19 && hour < 23 ? evening(ts) : hour >= 7 && hour < 19 && daytime(ts);
    return { powerW: watching ? screenW * (1 + picture(ts)) : 0.5, relay: 'ON' };
  };
}

/** A heater on a schedule (relay on 06–09 h and 17–23 h) whose thermostat cycles it at full power. */
function heater(random: Random, offset: number): Load {
  const heaterW = uniform(random, 1500, 2000);
  const heating = createCycle(random, 8 * MINUTE_MS, 6 * MINUTE_MS);
  return (ts) => {
    const hour = localHour(ts, offset);
    const scheduled = (hour >= 6 && hour < 9) || (hour >= 17 && hour < 23);
    const on = heating(ts);
    return { powerW: on ? heaterW * (1 + 0.01 * normal(random)) : 0, relay: scheduled ? 'ON' : 'OFF' };
  };
}

/** A phone charger: idle at a fraction of a watt, now and then charging a phone for about an hour. */
function charger(random: Random): Load {
  const charging = createCycle(random, HOUR_MS, 6 * HOUR_MS);
  return (ts) => ({ powerW: charging(ts) ? uniform(random, 8, 18) : uniform(random, 0.2, 0.4), relay: 'ON' });
}
