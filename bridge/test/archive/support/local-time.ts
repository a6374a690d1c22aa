/**
 * Plug and machine data in several time zones, and what the archive's local periods must hold,
 * computed by separate, plain code: local dates from `Intl` (the archive uses luxon), days found by
 * walking the clock minute by minute (so a 23- or 25-hour day is found, not assumed), energy from a
 * cumulative curve, cost minute by minute at the rate of each minute.
 */
import { createRandom } from '@sensorplus/simulator';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export interface FamilyPoint {
  measurement: 'multiplug' | 'production_machine';
  tags: Record<string, string>;
  ts: number;
  fields: Record<string, number>;
  suspect: boolean;
}

export function lineOf(p: FamilyPoint): string {
  const tags = Object.entries(p.tags).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}=${v}`).join(',');
  const fields = Object.entries(p.fields).map(([k, v]) => (Number.isInteger(v) && p.measurement === 'production_machine' ? `${k}=${v}i` : `${k}=${v}`));
  return `${p.measurement},${tags} ${[...fields, `quality="${p.suspect ? 'suspect' : 'good'}"`].join(',')} ${p.ts}`;
}

const FORMATS = new Map<string, Intl.DateTimeFormat>();

/** `YYYY-MM-DD` and minutes after midnight of `ts` in `zone`, from Intl. */
export function localClock(ts: number, zone: string): { date: string; minute: number } {
  let format = FORMATS.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    FORMATS.set(zone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(new Date(ts)).map((p) => [p.type, p.value]));
  return { date: `${parts.year}-${parts.month}-${parts.day}`, minute: Number(parts.hour) * 60 + Number(parts.minute) };
}

export function previousDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d - 1)).toISOString().slice(0, 10);
}

/** Local days overlapping [from, to): date → [start, end), found minute by minute. */
export function localDays(zone: string, from: number, to: number): Map<string, [number, number]> {
  const days = new Map<string, [number, number]>();
  for (let t = from - 2 * 24 * HOUR; t < to + 2 * 24 * HOUR; t += MINUTE) {
    const { date } = localClock(t, zone);
    const day = days.get(date);
    if (day) day[1] = t + MINUTE;
    else days.set(date, [t, t + MINUTE]);
  }
  // The first and last entries are cut by the scan: keep whole days only.
  const entries = [...days.entries()].slice(1, -1);
  return new Map(entries);
}

/** Shift (date it starts on, number) of a reading, for shifts starting 06:00, 14:00 and 22:00. */
export function shiftOf(ts: number, zone: string): string {
  const { date, minute } = localClock(ts, zone);
  if (minute < 360) return `${previousDate(date)}#3`;
  return `${date}#${minute < 840 ? 1 : minute < 1320 ? 2 : 3}`;
}

export interface Obs {
  ts: number;
  v: number;
  suspect: boolean;
}

/** E(t) in Wh: trapezoids between readings at most `maxGapMs` apart, binary search for t. */
export function energyCurve(obs: readonly Obs[], maxGapMs: number): (t: number) => number {
  const prefix = [0];
  for (let i = 1; i < obs.length; i++) {
    const dt = obs[i]!.ts - obs[i - 1]!.ts;
    prefix.push(prefix[i - 1]! + (dt <= maxGapMs ? ((obs[i - 1]!.v + obs[i]!.v) / 2) * dt : 0));
  }
  return (t) => {
    if (obs.length === 0 || t <= obs[0]!.ts) return 0;
    let lo = 0;
    let hi = obs.length - 1;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (obs[mid]!.ts <= t) lo = mid;
      else hi = mid - 1;
    }
    const a = obs[lo]!;
    const b = obs[lo + 1];
    let wattMs = prefix[lo]!;
    if (b && b.ts - a.ts <= maxGapMs) wattMs += ((a.v + (a.v + ((b.v - a.v) * (t - a.ts)) / (b.ts - a.ts))) / 2) * (t - a.ts);
    return wattMs / HOUR;
  };
}

/** Seconds in [from, to) that the line between readings (at most `maxGapMs` apart) lies above `threshold`, sampled every 100 ms. */
export function runtimeSeconds(obs: readonly Obs[], maxGapMs: number, threshold: number, from: number, to: number): number {
  let above = 0;
  for (let i = 1; i < obs.length; i++) {
    const a = obs[i - 1]!;
    const b = obs[i]!;
    if (b.ts - a.ts > maxGapMs || b.ts <= from || a.ts >= to) continue;
    // A fine sampling is a different method than the archive's exact crossing; 100 ms steps keep it within a second a day.
    for (let t = Math.max(a.ts, from) + 50; t < Math.min(b.ts, to); t += 100) {
      if (a.v + ((b.v - a.v) * (t - a.ts)) / (b.ts - a.ts) > threshold) above += 0.1;
    }
  }
  return above;
}

export interface FamilyData {
  points: FamilyPoint[];
  /** Plug port series by `site/device.portN`. */
  ports: Map<string, Obs[]>;
  /** Machine counters by `site/machine/field`. */
  counters: Map<string, Obs[]>;
}

export interface FamilyOptions {
  site: string;
  zone: string;
  from: number;
  to: number;
  plug: { device: string; ports: number; stepMs: number };
  machine?: { id: string; stepMs: number };
  seed: number;
  /** Silences per port: [from, to) with no reading. */
  silences?: Record<number, Array<[number, number]>>;
}

/** Plug ports with standby, evening loads and bursts; a machine whose counters reset at each local shift change. */
export function familyData(o: FamilyOptions): FamilyData {
  const rand = createRandom(o.seed);
  const points: FamilyPoint[] = [];
  const ports = new Map<string, Obs[]>();
  const counters = new Map<string, Obs[]>();
  for (let port = 1; port <= o.plug.ports; port++) {
    const series: Obs[] = [];
    let burstUntil = 0;
    for (let ts = o.from + Math.floor(rand() * o.plug.stepMs); ts < o.to; ts += Math.round(o.plug.stepMs * (0.6 + 0.8 * rand()))) {
      if ((o.silences?.[port] ?? []).some(([a, b]) => ts >= a && ts < b)) continue;
      const { minute } = localClock(ts, o.zone);
      if (rand() < 0.01) burstUntil = ts + 20 * MINUTE;
      const evening = minute >= 17 * 60 + 30 && minute < 22 * 60 + 30;
      const power = port % 2 === 0 ? 40 + 20 * rand() : evening || ts < burstUntil ? 400 + 900 * rand() : 1 + 2 * rand();
      const suspect = rand() < 0.02;
      const value = Math.round(power * 10) / 10;
      series.push({ ts, v: value, suspect });
      points.push({
        measurement: 'multiplug',
        tags: { site: o.site, device: o.plug.device, port: String(port) },
        ts,
        fields: { power: value, voltage: 230, current: Math.round((value / 230) * 1000) / 1000 },
        suspect,
      });
    }
    ports.set(`${o.site}/${o.plug.device}.port${port}`, series);
  }
  if (o.machine) {
    const production: Obs[] = [];
    const defects: Obs[] = [];
    let shift = shiftOf(o.from, o.zone);
    let made = 0;
    let bad = 0;
    for (let ts = o.from + Math.floor(rand() * o.machine.stepMs); ts < o.to; ts += Math.round(o.machine.stepMs * (0.6 + 0.8 * rand()))) {
      const now = shiftOf(ts, o.zone);
      if (now !== shift) [made, bad, shift] = [0, 0, now];
      made += Math.floor(rand() * 12);
      if (rand() < 0.1) bad += 1;
      production.push({ ts, v: made, suspect: false });
      defects.push({ ts, v: bad, suspect: false });
      points.push({
        measurement: 'production_machine',
        tags: { site: o.site, machine: o.machine.id },
        ts,
        fields: { cumulative_production: made, cumulative_defects: bad, speed_rpm: 180 },
        suspect: false,
      });
    }
    counters.set(`${o.site}/${o.machine.id}/cumulative_production`, production);
    counters.set(`${o.site}/${o.machine.id}/cumulative_defects`, defects);
  }
  return { points, ports, counters };
}

/** Increase credited to each reading (Prometheus' reset rule: a drop means the counter restarted from 0). */
export function counterSteps(obs: readonly Obs[]): Array<{ ts: number; step: number }> {
  return obs.map((o, i) => {
    const previous = obs[i - 1];
    return { ts: o.ts, step: previous === undefined ? 0 : o.v >= previous.v ? o.v - previous.v : o.v };
  });
}
