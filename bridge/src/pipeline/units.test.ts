import { describe, expect, it } from 'vitest';
import { loadProfiles, type FieldProfile } from '../profiles/index.js';
import { IDENTITY, resolveUnit, toCanonical } from './units.js';

const BUILDING = loadProfiles().find((p) => p.name === 'building')!;

function field(kind: string, name = 'value'): FieldProfile {
  const found = BUILDING.kinds.find((p) => p.kind === kind)?.fields.find((f) => f.field === name);
  if (!found) throw new Error(`no ${kind}.${name}`);
  return found;
}

function convert(kind: string, value: number, unit: string, name = 'value'): number {
  const resolved = resolveUnit(field(kind, name), unit);
  if (!resolved.ok) throw new Error(resolved.rejection.detail);
  return toCanonical(value, resolved.value);
}

describe('units', () => {
  it.each(['°C', 'C', 'celsius', 'degC', '℃', ' °C '])('takes temperature in %j as it is', (unit) => {
    expect(convert('temperature', 21.5, unit)).toBe(21.5);
  });

  it.each(['°F', 'F', 'fahrenheit', '℉'])('converts temperature in %j to °C', (unit) => {
    expect(convert('temperature', 77, unit)).toBe(25);
    expect(convert('temperature', -40, unit)).toBe(-40);
  });

  it('converts kelvin to °C', () => {
    expect(convert('temperature', 293.15, 'K')).toBe(20);
  });

  it.each(['%', '%RH', 'percent'])('accepts humidity in %j', (unit) => {
    expect(convert('humidity', 55, unit)).toBe(55);
  });

  it('accepts ppm, lux and lx', () => {
    expect(convert('co2', 800, 'ppm')).toBe(800);
    expect(convert('light', 300, 'lux')).toBe(300);
    expect(convert('light', 300, 'lx')).toBe(300);
  });

  it('converts kW and MW to W for solar power', () => {
    expect(convert('solar', 4.2, 'kW', 'power_w')).toBe(4200);
    expect(convert('solar', 1.5, 'MW', 'power_w')).toBe(1_500_000);
    expect(convert('solar', 4200, 'W', 'power_w')).toBe(4200);
  });

  it('is case-exact so milli and mega are never confused', () => {
    const result = resolveUnit(field('solar', 'power_w'), 'mW');
    expect(result).toMatchObject({ ok: false, rejection: { reason: 'invalid_unit' } });
  });

  it('treats a missing or null unit as the canonical unit', () => {
    expect(resolveUnit(field('temperature'), undefined)).toEqual({ ok: true, value: IDENTITY });
    expect(resolveUnit(field('temperature'), null)).toEqual({ ok: true, value: IDENTITY });
  });

  it('refuses an unknown unit, listing what is accepted', () => {
    expect(resolveUnit(field('humidity'), 'g/m3')).toEqual({
      ok: false,
      rejection: { reason: 'invalid_unit', detail: 'unit "g/m3" is not accepted for humidity; use one of: %, %RH, % RH, RH, percent.' },
    });
  });

  it('refuses a unit of the wrong JSON type as schema', () => {
    expect(resolveUnit(field('co2'), 5)).toMatchObject({ ok: false, rejection: { reason: 'schema', detail: 'field "unit" must be a string, got number 5.' } });
  });

  it('turns -0 into 0', () => {
    expect(Object.is(toCanonical(-0, IDENTITY), 0)).toBe(true);
  });
});
