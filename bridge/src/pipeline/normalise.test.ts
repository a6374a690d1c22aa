import { describe, expect, it } from 'vitest';
import { normaliseMessage } from './normalise.js';
import { loadProfiles, type KindProfile } from '../profiles/index.js';
import { IDENTITY } from './units.js';
import type { ValidMessage } from './validate.js';

const BUILDING = loadProfiles().find((p) => p.name === 'building')!;

function profile(kind: string): KindProfile {
  const found = BUILDING.kinds.find((p) => p.kind === kind);
  if (!found) throw new Error(kind);
  return found;
}

function message(kind: string, values: Record<string, number | boolean>, unitIndex = 0): ValidMessage {
  const p = profile(kind);
  return {
    profile: p,
    site: 'demo',
    device: 'dev-1',
    tags: { site: 'demo', device: 'dev-1' },
    ts: 1640995200000,
    fields: Object.entries(values).map(([field, value]) => {
      const spec = p.fields.find((f) => f.field === field);
      if (!spec) throw new Error(field);
      return { spec, value, unit: spec.units?.[unitIndex] ?? IDENTITY };
    }),
  };
}

describe('normalise stage', () => {
  it('renames solar fields to InfluxDB names and keeps the room off when absent', () => {
    const result = normaliseMessage(message('solar', { power_w: 4200, voltage: 380, current: 11.05 }));
    expect(result).toEqual({
      ok: true,
      value: {
        measurement: 'solar', tags: { site: 'demo', device: 'dev-1' }, ts: 1640995200000,
        fields: { power_w: 4200, voltage: 380, current: 11.05 }, quality: 'good',
      },
    });
    if (result.ok) expect('room' in result.value.tags).toBe(false);
  });

  it('converts to the canonical unit before checking the range', () => {
    const fahrenheit = message('temperature', { value: 77 }, 1);
    expect(normaliseMessage(fahrenheit)).toMatchObject({ ok: true, value: { fields: { value: 25 } } });
    const tooHot = message('temperature', { value: 302 }, 1);
    expect(normaliseMessage(tooHot)).toMatchObject({ ok: false, rejection: { reason: 'out_of_range' } });
  });

  it('marks the whole reading suspect when one field is', () => {
    expect(normaliseMessage(message('co2', { value: 200 }))).toMatchObject({ ok: true, value: { quality: 'suspect' } });
  });

  it('passes booleans through', () => {
    expect(normaliseMessage(message('switch', { on: false }))).toMatchObject({ ok: true, value: { fields: { on: false }, quality: 'good' } });
  });

  it('carries the room when present', () => {
    const plain = message('light', { value: 300 });
    const withRoom = { ...plain, tags: { ...plain.tags, room: 'room1' } };
    expect(normaliseMessage(withRoom)).toMatchObject({ ok: true, value: { tags: { room: 'room1' } } });
  });
});
