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

/**
 * Latency is followed on the devices of the first rooms only (4 sensors each, 5 % of the 2,000):
 * InfluxDB's cost of a query grows with the series it touches, and a poll over every series every
 * 100 ms took it 40 ms to 0.5 s, which became the figure's tail and took CPU from the contender.
 */
export const LATENCY_SAMPLE_ROOMS = 25;
/** InfluxQL condition that selects the sampled devices' points by their `room` tag. */
export const LATENCY_SAMPLE_CONDITION = `"room" =~ /^room(${Array.from({ length: LATENCY_SAMPLE_ROOMS }, (_, i) => i + 1).join('|')})$/`;

export interface Reading {
  topic: string;
  payload: Buffer;
  ts: number;
  /** A device whose latency is followed (LATENCY_SAMPLE_ROOMS). */
  sampled: boolean;
}

interface Device {
  topic: string;
  /** The payload up to the value, and from the unit to the timestamp. */
  head: string;
  middle: string;
  low: number;
  span: number;
  sampled: boolean;
}

export class ReadingSource {
  private readonly devices: Device[];
  private readonly lastTs: number[];
  private next = 0;

  constructor(deviceCount: number, deviceSuffix = '') {
    this.devices = Array.from({ length: deviceCount }, (_, i) => {
      const sensor = ROOM_SENSORS[i % ROOM_SENSORS.length]!;
      const roomNumber = Math.floor(i / ROOM_SENSORS.length) + 1;
      const room = `room${roomNumber}`;
      const deviceId = `${sensor.prefix}-${i + 1}${deviceSuffix}`;
      return {
        topic: `building/${SITE}/${sensor.kind}/${deviceId}`,
        head: `{"deviceId":"${deviceId}","kind":"${sensor.kind}","value":`,
        middle: `,"unit":"${sensor.unit}","roomId":"${room}","ts":`,
        low: sensor.low,
        span: sensor.span,
        sampled: roomNumber <= LATENCY_SAMPLE_ROOMS,
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
    return { topic: device.topic, payload: Buffer.from(`${device.head}${value}${device.middle}${ts}}`), ts, sampled: device.sampled };
  }
}
