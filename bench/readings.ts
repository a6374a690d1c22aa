/**
 * The readings every contender receives: the message contract's reference payload from room sensors
 * (temperature, humidity, CO2, light), round robin over many devices. `ts` is the publish time, kept
 * strictly increasing per device, so every message is its own point (measurement + tags + ts) and
 * publish → queryable latency can be read from the stored timestamp.
 */
export const SITE = 'bench';
export const TOPIC_FILTER = 'building/+/+/+';

const ROOM_SENSORS = [
  { kind: 'temperature', prefix: 'temp', unit: '°C', low: 19, span: 6 },
  { kind: 'humidity', prefix: 'hum', unit: '%', low: 35, span: 25 },
  { kind: 'co2', prefix: 'co2', unit: 'ppm', low: 420, span: 600 },
  { kind: 'light', prefix: 'light', unit: 'lux', low: 50, span: 700 },
] as const;

export interface Reading {
  topic: string;
  payload: Buffer;
  ts: number;
}

interface Device {
  topic: string;
  /** The payload up to the value, and from the unit to the timestamp. */
  head: string;
  middle: string;
  low: number;
  span: number;
}

export class ReadingSource {
  private readonly devices: Device[];
  private readonly lastTs: number[];
  private next = 0;

  constructor(deviceCount: number, deviceSuffix = '') {
    this.devices = Array.from({ length: deviceCount }, (_, i) => {
      const sensor = ROOM_SENSORS[i % ROOM_SENSORS.length]!;
      const room = `room${Math.floor(i / ROOM_SENSORS.length) + 1}`;
      const deviceId = `${sensor.prefix}-${i + 1}${deviceSuffix}`;
      return {
        topic: `building/${SITE}/${sensor.kind}/${deviceId}`,
        head: `{"deviceId":"${deviceId}","kind":"${sensor.kind}","value":`,
        middle: `,"unit":"${sensor.unit}","roomId":"${room}","ts":`,
        low: sensor.low,
        span: sensor.span,
      };
    });
    this.lastTs = this.devices.map(() => 0);
  }

  /** The next device's reading, stamped `now` (or 1 ms after its previous one). */
  reading(now: number): Reading {
    const index = this.next;
    this.next = (index + 1) % this.devices.length;
    const device = this.devices[index]!;
    const ts = Math.max(now, this.lastTs[index]! + 1);
    this.lastTs[index] = ts;
    const value = Math.round((device.low + device.span * ((ts % 1000) / 1000)) * 10) / 10;
    return { topic: device.topic, payload: Buffer.from(`${device.head}${value}${device.middle}${ts}}`), ts };
  }
}
