/** The devices of a building with their value models: what one publishing round sends. */
import { referenceBuilding, type DeviceDescriptor } from './building.js';
import { DAY_MS } from './curves.js';
import { encodeReading, type SimMessage } from './messages.js';
import { createModel, type ValueModel } from './models.js';

export interface FleetOptions {
  devices: readonly DeviceDescriptor[];
  seed: number;
  utcOffsetMinutes?: number;
}

export interface Fleet {
  readonly devices: readonly DeviceDescriptor[];
  /** The next reading of device number `index` at `now`. */
  reading(index: number, now: number): SimMessage;
  /** One reading from every device at `now`. */
  round(now: number): SimMessage[];
}

export function createFleet(options: FleetOptions): Fleet {
  const devices = options.devices;
  const models: ValueModel[] = devices.map((device) => createModel(device, options));
  const lastTs: number[] = devices.map(() => -Infinity);
  const reading = (index: number, now: number): SimMessage => {
    const device = devices[index];
    const model = models[index];
    if (!device || !model) throw new RangeError(`no device number ${index}`);
    // Strictly increasing per device, so (deviceId, ts) stays unique even in a fast load run.
    const ts = Math.max(Math.floor(now), lastTs[index]! + 1);
    lastTs[index] = ts;
    return encodeReading(device, model.next(ts), ts);
  };
  return { devices, reading, round: (now) => devices.map((_, index) => reading(index, now)) };
}

export interface GoodMessagesOptions {
  site?: string;
  /** How many devices share the messages (round robin). Default min(count, 1000). */
  devices?: number;
  /** Timestamp of the last round. Default Date.now(). */
  now?: number;
  /** Time between one device's consecutive readings. Default 1000 ms. */
  stepMs?: number;
  seed?: number;
  utcOffsetMinutes?: number;
}

/** Keeps generated history well inside the bridge's 7-day past limit. */
const MAX_SPAN_MS = 6 * DAY_MS;

/**
 * `count` valid messages with unique (deviceId, ts) pairs, spread round robin over many devices,
 * the last round at `now` and earlier rounds `stepMs` apart. Lazy, for very large counts.
 */
export function* goodMessageStream(count: number, options: GoodMessagesOptions = {}): Generator<SimMessage> {
  const deviceCount = options.devices ?? Math.max(1, Math.min(count, 1000));
  const stepMs = options.stepMs ?? 1000;
  const rounds = Math.ceil(count / deviceCount);
  const spanMs = (rounds - 1) * stepMs;
  if (spanMs > MAX_SPAN_MS) {
    throw new RangeError(`${count} messages over ${deviceCount} devices span ${spanMs} ms; use more devices or a smaller step`);
  }
  const devices = referenceBuilding({ site: options.site, devices: deviceCount });
  const fleet = createFleet({ devices, seed: options.seed ?? 1, utcOffsetMinutes: options.utcOffsetMinutes });
  const start = (options.now ?? Date.now()) - spanMs;
  for (let i = 0; i < count; i++) {
    yield fleet.reading(i % deviceCount, start + Math.floor(i / deviceCount) * stepMs);
  }
}

/** Like goodMessageStream, as an array. */
export function goodMessages(count: number, options: GoodMessagesOptions = {}): SimMessage[] {
  return Array.from(goodMessageStream(count, options));
}
