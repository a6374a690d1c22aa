import { describe, expect, it } from 'vitest';
import { createProfileRegistry, describeProfiles } from './profile-registry.js';
import { DEFAULT_PROFILES, type KindProfile } from './profiles.js';

const WIND: KindProfile = {
  kind: 'wind',
  aliases: [],
  fields: [{ keys: ['value'], field: 'value', label: 'wind speed', type: 'number', required: true, unit: 'm/s', range: [0, 100] }],
};

describe('kind profiles', () => {
  it('the default table passes its own checks', () => {
    expect(() => createProfileRegistry(DEFAULT_PROFILES)).not.toThrow();
  });

  it('holds the ranges a facilities engineer expects', () => {
    const range = (kind: string, field: string) =>
      DEFAULT_PROFILES.find((p) => p.kind === kind)?.fields.find((f) => f.field === field)?.range;
    expect(range('temperature', 'value')).toEqual([-50, 100]);
    expect(range('humidity', 'value')).toEqual([0, 100]);
    expect(range('co2', 'value')).toEqual([0, 40_000]);
    expect(range('light', 'value')).toEqual([0, 200_000]);
    expect(range('solar', 'power_w')?.[0]).toBe(0);
    expect(range('solar', 'voltage')).toEqual([0, 1_500]);
    expect(range('solar', 'current')).toEqual([0, 2_000]);
  });

  it('is frozen so no caller can change the rules at run time', () => {
    expect(Object.isFrozen(DEFAULT_PROFILES)).toBe(true);
    expect(Object.isFrozen(DEFAULT_PROFILES[0]?.fields[0]?.range)).toBe(true);
  });

  it('resolves kinds and aliases case-insensitively', () => {
    const registry = createProfileRegistry(DEFAULT_PROFILES);
    expect(registry.resolve('Temperature')?.kind).toBe('temperature');
    expect(registry.resolve('temp')?.kind).toBe('temperature');
    expect(registry.resolve('PV')?.kind).toBe('solar');
    expect(registry.resolve('toString')).toBeUndefined();
    expect(registry.resolve('__proto__')).toBeUndefined();
  });

  it('takes a new device family as one more entry', () => {
    const registry = createProfileRegistry([...DEFAULT_PROFILES, WIND]);
    expect(registry.resolve('wind')).toBe(WIND);
    expect(registry.kindList).toContain('wind');
  });

  it.each<[string, KindProfile[]]>([
    ['an empty table', []],
    ['a duplicate kind', [WIND, { ...WIND, aliases: [] }]],
    ['an alias clashing with another kind', [...DEFAULT_PROFILES, { ...WIND, aliases: ['temp'] }]],
    ['a kind that is not an identifier', [{ ...WIND, kind: 'wind speed' }]],
    ['a profile without fields', [{ ...WIND, fields: [] }]],
    ['an inverted range', [{ ...WIND, fields: [{ ...WIND.fields[0]!, range: [10, 0] }] }]],
    ['a plausible band wider than the range', [{ ...WIND, fields: [{ ...WIND.fields[0]!, plausible: [-1, 50] }] }]],
    ['a unit with zero scale', [{ ...WIND, fields: [{ ...WIND.fields[0]!, units: [{ names: ['m/s'], offset: 0, scale: 0 }] }] }]],
    ['a field name InfluxDB users would trip on', [{ ...WIND, fields: [{ ...WIND.fields[0]!, field: 'Wind Speed' }] }]],
    [
      'two fields described by the one payload unit',
      [{ ...WIND, fields: [
        { ...WIND.fields[0]!, units: [{ names: ['m/s'], offset: 0, scale: 1 }] },
        { ...WIND.fields[0]!, field: 'gust', units: [{ names: ['m/s'], offset: 0, scale: 1 }] },
      ] }],
    ],
  ])('refuses %s at start-up', (_name, profiles) => {
    expect(() => createProfileRegistry(profiles)).toThrow(/Invalid kind profiles/);
  });

  it('describes every kind and field as a Markdown table', () => {
    const table = describeProfiles(DEFAULT_PROFILES);
    const rows = table.split('\n');
    expect(rows).toHaveLength(2 + DEFAULT_PROFILES.reduce((n, p) => n + p.fields.length, 0));
    expect(table).toContain('| humidity | rh | value | value | number | yes | % |');
    expect(table).toContain('0–100 %');
    expect(table).toContain('| solar | pv | power_w | powerW, value |');
  });
});
