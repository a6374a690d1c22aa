import { createModel, createRandom, referenceBuilding, type SimMessage } from '@sensorplus/simulator';

/** A raw point as the bridge writes it to InfluxDB (one measurement per kind). */
export interface RawPoint {
  kind: string;
  site: string;
  device: string;
  room?: string;
  ts: number;
  fields: Record<string, number | boolean>;
}

/** What the bridge writes for a simulated reading (one InfluxDB point), for an expectation independent of the bridge. */
export function pointOf(message: SimMessage): RawPoint {
  const p = JSON.parse(message.payload.toString('utf8')) as Record<string, unknown>;
  const fields: RawPoint['fields'] =
    p.kind === 'solar'
      ? { power_w: p.powerW as number, voltage: p.voltage as number, current: p.current as number }
      : { value: p.value as number };
  const room = typeof p.roomId === 'string' ? { room: p.roomId } : {};
  return { kind: p.kind as string, site: message.topic.split('/')[1]!, device: p.deviceId as string, ...room, ts: p.ts as number, fields };
}

/** Line protocol written by hand (not the bridge's writer): tags site, device, room; numbers as floats. */
export function lineOf(p: RawPoint): string {
  const tags = [`device=${p.device}`, ...(p.room ? [`room=${p.room}`] : []), `site=${p.site}`].join(',');
  const fields = Object.entries(p.fields).map(([k, v]) => `${k}=${typeof v === 'boolean' ? String(v) : formatFloat(v)}`);
  return `${p.kind},${tags} ${[...fields, 'quality="good"'].join(',')} ${p.ts}`;
}

function formatFloat(v: number): string {
  const text = String(v);
  return /[.eE]/.test(text) ? text : `${text}.0`;
}

export async function createInfluxDatabase(url: string, db: string): Promise<void> {
  const response = await fetch(`${url}/query`, { method: 'POST', body: new URLSearchParams({ q: `CREATE DATABASE ${db}` }) });
  if (!response.ok) throw new Error(`CREATE DATABASE: ${response.status} ${await response.text()}`);
}

export async function writePoints(url: string, db: string, points: readonly RawPoint[]): Promise<void> {
  for (let i = 0; i < points.length; i += 5000) {
    const body = points.slice(i, i + 5000).map(lineOf).join('\n');
    const response = await fetch(`${url}/write?db=${db}&precision=ms`, { method: 'POST', body });
    if (response.status !== 204) throw new Error(`write: ${response.status} ${await response.text()}`);
  }
}

/** A small deterministic generator, so every run sees the same day. */
export const random = createRandom;

const SHIFT_OFFSET_MS = 6 * 3_600_000 + 150_000;

export interface DayOptions {
  start: number;
  end: number;
  /** Mean time between two readings of one device; each gap is jittered ±40 %. */
  stepMs: number;
  seed: number;
  site?: string;
  /** Silences per device id: [from, to) with no reading. */
  silences?: Record<string, Array<[number, number]>>;
}

/**
 * The reference building (5 rooms × 4 sensors + the solar plant = 21 devices, simulator models),
 * plus a switch and a counter that resets at every shift change, mid-window; readings at irregular times.
 */
export function simulatedDay(o: DayOptions): RawPoint[] {
  const site = o.site ?? 'demo';
  const rand = random(o.seed);
  const points: RawPoint[] = [];
  const times = (device: string) => readingTimes(o, device, rand);
  for (const device of referenceBuilding({ site })) {
    const model = createModel(device, { seed: o.seed });
    for (const ts of times(device.deviceId)) {
      const v = model.next(ts);
      const fields: RawPoint['fields'] = v.kind === 'solar' ? { power_w: v.powerW, voltage: v.voltage, current: v.current } : { value: v.value };
      points.push({ kind: device.kind, site, device: device.deviceId, ...(device.roomId ? { room: device.roomId } : {}), ts, fields });
    }
  }
  let on = false;
  for (const ts of times('switch-1')) {
    if (rand() < 0.2) on = !on;
    points.push({ kind: 'switch', site, device: 'switch-1', room: 'room1', ts, fields: { on } });
  }
  let total = 0;
  // Shifts change at 06:02:30, 14:02:30 and 22:02:30 UTC: the counter resets in the middle of a window.
  const shiftOf = (ts: number) => Math.floor((ts - SHIFT_OFFSET_MS) / (8 * 3_600_000));
  let lastShift = shiftOf(o.start);
  for (const ts of times('counter-1')) {
    const shift = shiftOf(ts);
    if (shift !== lastShift) total = 0;
    lastShift = shift;
    total += Math.floor(rand() * 5);
    points.push({ kind: 'counter', site, device: 'counter-1', room: 'hall', ts, fields: { value: total } });
  }
  return points;
}

function readingTimes(o: DayOptions, device: string, rand: () => number): number[] {
  const silences = o.silences?.[device] ?? [];
  const times: number[] = [];
  for (let ts = o.start + Math.floor(rand() * o.stepMs); ts < o.end; ts += Math.max(1, Math.round(o.stepMs * (0.6 + 0.8 * rand())))) {
    if (!silences.some(([from, to]) => ts >= from && ts < to)) times.push(ts);
  }
  return times;
}
