/**
 * What the archive must contain, computed from the raw points by separate, deliberately plain code
 * (it does not import the archive's aggregation): every window straight from the raw points, for
 * every tier, so a tier built from a shorter one is checked against the raw data too.
 * Energy is computed another way than the archive does it: as differences of a cumulative energy
 * curve E(t) over the whole series.
 */
import { expect } from 'vitest';
import type { RawPoint } from './points.js';

export interface ExpectedWindow {
  key: string;
  room: string | null;
  count: number;
  min: number | null;
  max: number | null;
  mean: number | null;
  first: number | null;
  last: number | null;
  firstAt: number | null;
  lastAt: number | null;
  energyWh: number | null;
  increase: number | null;
}

interface Obs {
  ts: number;
  v: number;
  room: string | null;
}

export const windowKey = (site: string, kind: string, device: string, field: string, start: number) =>
  `${site}/${kind}/${device}/${field}@${new Date(start).toISOString()}`;

/** Expected windows of length `tierMs` whose start lies in [from, to). */
export function expectedWindows(points: readonly RawPoint[], tierMs: number, maxGapMs: number, from: number, to: number): Map<string, ExpectedWindow> {
  const series = new Map<string, Obs[]>();
  for (const p of points) {
    for (const [field, raw] of Object.entries(p.fields)) {
      const id = `${p.site}|${p.kind}|${p.device}|${field}`;
      if (!series.has(id)) series.set(id, []);
      series.get(id)!.push({ ts: p.ts, v: typeof raw === 'boolean' ? (raw ? 1 : 0) : raw, room: p.room ?? null });
    }
  }
  const result = new Map<string, ExpectedWindow>();
  for (const [id, all] of series) {
    const obs = [...all].sort((a, b) => a.ts - b.ts);
    const [site, kind, device, field] = id.split('|') as [string, string, string, string];
    const isPower = field === 'power_w';
    const isCounter = kind === 'counter';
    const startOf = (ts: number) => ts - (((ts % tierMs) + tierMs) % tierMs);
    const starts = new Set<number>(obs.map((o) => startOf(o.ts)));
    if (isPower) for (const s of windowsCrossedBySegments(obs, tierMs, maxGapMs)) starts.add(s);
    const energy = isPower ? cumulativeEnergy(obs, maxGapMs) : undefined;
    const steps = isCounter ? counterSteps(obs) : undefined;
    for (const start of starts) {
      if (start < from || start >= to) continue;
      const end = start + tierMs;
      const inside = obs.filter((o) => o.ts >= start && o.ts < end);
      const values = inside.map((o) => o.v);
      const sum = values.reduce((a, b) => a + b, 0);
      result.set(windowKey(site, kind, device, field, start), {
        key: windowKey(site, kind, device, field, start),
        room: inside.length ? inside[inside.length - 1]!.room : null,
        count: inside.length,
        min: inside.length ? Math.min(...values) : null,
        max: inside.length ? Math.max(...values) : null,
        mean: inside.length ? sum / inside.length : null,
        first: inside[0]?.v ?? null,
        last: inside[inside.length - 1]?.v ?? null,
        firstAt: inside[0]?.ts ?? null,
        lastAt: inside[inside.length - 1]?.ts ?? null,
        energyWh: energy ? energy(end) - energy(start) : null,
        increase: steps ? steps.filter((s) => s.ts >= start && s.ts < end).reduce((a, s) => a + s.step, 0) : null,
      });
    }
  }
  return result;
}

/** E(t): Wh produced from the first reading up to t, linear power between readings at most maxGap apart. */
export function cumulativeEnergy(obs: ReadonlyArray<{ ts: number; v: number }>, maxGapMs: number): (t: number) => number {
  const atReading: number[] = [0];
  for (let i = 1; i < obs.length; i++) {
    const a = obs[i - 1]!;
    const b = obs[i]!;
    const dt = b.ts - a.ts;
    atReading.push(atReading[i - 1]! + (dt <= maxGapMs ? ((a.v + b.v) / 2) * dt : 0));
  }
  return (t) => {
    if (obs.length === 0 || t <= obs[0]!.ts) return 0;
    let i = 0;
    while (i + 1 < obs.length && obs[i + 1]!.ts <= t) i++;
    const a = obs[i]!;
    const b = obs[i + 1];
    let wattMs = atReading[i]!;
    if (b && b.ts - a.ts <= maxGapMs) {
      const powerAtT = a.v + ((b.v - a.v) * (t - a.ts)) / (b.ts - a.ts);
      wattMs += ((a.v + powerAtT) / 2) * (t - a.ts);
    }
    return wattMs / 3_600_000;
  };
}

function windowsCrossedBySegments(obs: readonly Obs[], tierMs: number, maxGapMs: number): number[] {
  const starts: number[] = [];
  for (let i = 1; i < obs.length; i++) {
    const a = obs[i - 1]!;
    const b = obs[i]!;
    if (b.ts - a.ts > maxGapMs) continue;
    for (let s = a.ts - (a.ts % tierMs); s < b.ts; s += tierMs) starts.push(s);
  }
  return starts;
}

/** Increase per reading: the difference to the previous one, or the value itself after a reset (Prometheus). */
function counterSteps(obs: readonly Obs[]): Array<{ ts: number; step: number }> {
  return obs.map((o, i) => {
    const previous = obs[i - 1];
    return { ts: o.ts, step: previous === undefined ? 0 : o.v >= previous.v ? o.v - previous.v : o.v };
  });
}

/** An archived row as read back with SQL, for comparison. */
export interface StoredWindow {
  site: string;
  kind: string;
  device: string;
  field: string;
  window_start: Date;
  room: string | null;
  sample_count: number;
  value_min: number | null;
  value_max: number | null;
  value_mean: number | null;
  value_first: number | null;
  value_last: number | null;
  first_at: Date | null;
  last_at: Date | null;
  energy_wh: number | null;
  counter_increase: number | null;
  is_final: number;
}

/** Asserts that the stored rows are exactly the expected windows: same set, same values. */
export function expectSameWindows(stored: readonly StoredWindow[], expected: Map<string, ExpectedWindow>, label: string): void {
  const byKey = new Map(stored.map((r) => [windowKey(r.site, r.kind, r.device, r.field, r.window_start.getTime()), r]));
  const missing = [...expected.keys()].filter((k) => !byKey.has(k));
  const extra = [...byKey.keys()].filter((k) => !expected.has(k));
  expect({ label, missing: missing.slice(0, 5), extra: extra.slice(0, 5) }).toEqual({ label, missing: [], extra: [] });
  const mismatches: string[] = [];
  for (const [key, e] of expected) {
    const r = byKey.get(key)!;
    const problems = [
      r.sample_count === e.count ? '' : `count ${r.sample_count} ≠ ${e.count}`,
      r.value_min === e.min ? '' : `min ${r.value_min} ≠ ${e.min}`,
      r.value_max === e.max ? '' : `max ${r.value_max} ≠ ${e.max}`,
      r.value_first === e.first ? '' : `first ${r.value_first} ≠ ${e.first}`,
      r.value_last === e.last ? '' : `last ${r.value_last} ≠ ${e.last}`,
      (r.first_at?.getTime() ?? null) === e.firstAt ? '' : `first_at ${r.first_at?.toISOString()} ≠ ${e.firstAt}`,
      (r.last_at?.getTime() ?? null) === e.lastAt ? '' : `last_at ${r.last_at?.toISOString()} ≠ ${e.lastAt}`,
      r.room === e.room ? '' : `room ${r.room} ≠ ${e.room}`,
      close(r.value_mean, e.mean, 1e-9) ? '' : `mean ${r.value_mean} ≠ ${e.mean}`,
      // The bar for energy is 0.1 %; the absolute floor covers windows of (almost) no production.
      close(r.energy_wh, e.energyWh, 1e-3, 1e-6) ? '' : `energy ${r.energy_wh} ≠ ${e.energyWh}`,
      close(r.counter_increase, e.increase, 1e-9) ? '' : `increase ${r.counter_increase} ≠ ${e.increase}`,
    ].filter(Boolean);
    if (problems.length > 0) mismatches.push(`${key}: ${problems.join(', ')}`);
  }
  expect({ label, mismatches: mismatches.slice(0, 10), total: mismatches.length }).toEqual({ label, mismatches: [], total: 0 });
}

function close(actual: number | null, expected: number | null, relative: number, absolute = 1e-9): boolean {
  if (actual === null || expected === null) return actual === expected;
  return Math.abs(actual - expected) <= Math.max(absolute, relative * Math.abs(expected));
}
