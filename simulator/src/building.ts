/** The simulated building: which devices exist, where they are, and where they publish. */

export type SimKind = 'temperature' | 'humidity' | 'co2' | 'light' | 'solar';

export interface DeviceDescriptor {
  site: string;
  deviceId: string;
  kind: SimKind;
  /** Absent for devices that belong to no room (the solar plant). */
  roomId?: string;
  /** 1-based room number; absent like `roomId`. */
  roomNumber?: number;
  topic: string;
}

export interface BuildingOptions {
  /** Site name, the second topic level. Default `demo`. */
  site?: string;
  /** Number of rooms, each with four sensors. Default 5. Do not combine with `devices`. */
  rooms?: number;
  /** Total device count (solar plant included); rooms are added, the last one may be partial. */
  devices?: number;
}

export const DEFAULT_SITE = 'demo';
export const DEFAULT_ROOMS = 5;
export const SOLAR_DEVICE_ID = 'solar-plant';
export const SENSORS_PER_ROOM = 4;

/** The sensors every room has, in publishing order, with the id prefix the original system used. */
export const ROOM_SENSORS: ReadonlyArray<{ kind: SimKind; prefix: string }> = [
  { kind: 'temperature', prefix: 'temp' },
  { kind: 'humidity', prefix: 'hum' },
  { kind: 'co2', prefix: 'co2' },
  { kind: 'light', prefix: 'light' },
];

/** Units as the original system sent them. Solar messages carry no unit. */
export const UNITS: Readonly<Record<Exclude<SimKind, 'solar'>, string>> = {
  temperature: '°C',
  humidity: '%',
  co2: 'ppm',
  light: 'lux',
};

/** The same identifier rule the bridge applies, so a bad `--site` fails here and not at the bridge. */
const IDENTIFIER = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;

export function topicFor(site: string, kind: string, deviceId: string): string {
  return `building/${site}/${kind}/${deviceId}`;
}

export function roomDeviceId(kind: SimKind, roomNumber: number): string {
  const sensor = ROOM_SENSORS.find((s) => s.kind === kind);
  if (!sensor) throw new Error(`kind ${kind} has no room sensor`);
  return `${sensor.prefix}-${roomNumber}`;
}

/**
 * The reference building: `rooms` rooms (`room1`…) with `temp-N`, `hum-N`, `co2-N`, `light-N`,
 * then the solar plant. The defaults give the original system's 21 devices.
 */
export function referenceBuilding(options: BuildingOptions = {}): DeviceDescriptor[] {
  const site = options.site ?? DEFAULT_SITE;
  if (!IDENTIFIER.test(site)) {
    throw new Error(`site "${site}" is not a valid identifier (letters, digits, _ . : -; at most 64)`);
  }
  const sensorCount = roomSensorCount(options);
  const devices: DeviceDescriptor[] = [];
  for (let i = 0; i < sensorCount; i++) {
    devices.push(roomSensor(site, Math.floor(i / SENSORS_PER_ROOM) + 1, i % SENSORS_PER_ROOM));
  }
  devices.push({ site, deviceId: SOLAR_DEVICE_ID, kind: 'solar', topic: topicFor(site, 'solar', SOLAR_DEVICE_ID) });
  return devices;
}

function roomSensorCount(options: BuildingOptions): number {
  if (options.devices !== undefined && options.rooms !== undefined) {
    throw new Error('give either rooms or devices, not both');
  }
  if (options.devices !== undefined) {
    assertWholeNumber('devices', options.devices, 1);
    return options.devices - 1;
  }
  const rooms = options.rooms ?? DEFAULT_ROOMS;
  assertWholeNumber('rooms', rooms, 0);
  return rooms * SENSORS_PER_ROOM;
}

function roomSensor(site: string, roomNumber: number, slot: number): DeviceDescriptor {
  const { kind, prefix } = ROOM_SENSORS[slot]!;
  const deviceId = `${prefix}-${roomNumber}`;
  return { site, deviceId, kind, roomId: `room${roomNumber}`, roomNumber, topic: topicFor(site, kind, deviceId) };
}

function assertWholeNumber(name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new Error(`${name} must be a whole number ≥ ${min}, got ${value}`);
  }
}
