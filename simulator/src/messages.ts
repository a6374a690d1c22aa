/** The wire format of the system this replaces: one JSON object per reading. */
import { UNITS, type DeviceDescriptor } from './building.js';
import type { SensorValues } from './models.js';

export type FaultMode = 'malformed' | 'hostile' | 'spikes' | 'silent';

/** One MQTT message ready to publish. */
export interface SimMessage {
  topic: string;
  payload: Buffer;
  deviceId: string;
  ts: number;
  /** Set when a fault mode produced or changed this message. */
  fault?: FaultMode;
}

export type RoomPayload = {
  deviceId: string;
  kind: string;
  value: number;
  unit: string;
  roomId?: string;
  ts: number;
};

export type SolarPayload = {
  deviceId: string;
  kind: 'solar';
  powerW: number;
  voltage: number;
  current: number;
  ts: number;
};

/** The payload object, keys in the original's order. */
export function readingPayload(device: DeviceDescriptor, values: SensorValues, ts: number): RoomPayload | SolarPayload {
  if (values.kind === 'solar') {
    const { powerW, voltage, current } = values;
    return { deviceId: device.deviceId, kind: 'solar', powerW, voltage, current, ts };
  }
  const room = device.roomId === undefined ? {} : { roomId: device.roomId };
  return { deviceId: device.deviceId, kind: values.kind, value: values.value, unit: UNITS[values.kind], ...room, ts };
}

export function encodeReading(device: DeviceDescriptor, values: SensorValues, ts: number): SimMessage {
  const payload = Buffer.from(JSON.stringify(readingPayload(device, values, ts)), 'utf8');
  return { topic: device.topic, payload, deviceId: device.deviceId, ts };
}
