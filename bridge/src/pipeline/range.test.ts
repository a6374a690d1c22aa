import { describe, expect, it } from 'vitest';
import type { FieldProfile } from '../profiles/index.js';
import { checkRange } from './range.js';

const HUMIDITY: FieldProfile = {
  keys: ['value'], field: 'value', label: 'humidity', type: 'number', required: true,
  unit: '%', range: [0, 100], plausible: [1, 99],
};
const TEMPERATURE: FieldProfile = {
  keys: ['value'], field: 'value', label: 'temperature', type: 'number', required: true,
  unit: '°C', range: [-50, 100], plausible: [-40, 85],
};
const UNBOUNDED: FieldProfile = { keys: ['x'], field: 'x', label: 'x', type: 'number', required: true };

describe('range and quality', () => {
  it('marks values inside the plausible band good', () => {
    expect(checkRange(HUMIDITY, 45, { value: 45, unit: '%' })).toEqual({ ok: true, value: 'good' });
    expect(checkRange(HUMIDITY, 99, { value: 99, unit: '%' })).toEqual({ ok: true, value: 'good' });
  });

  it('marks values near the physical edges suspect', () => {
    expect(checkRange(HUMIDITY, 100, { value: 100, unit: '%' })).toEqual({ ok: true, value: 'suspect' });
    expect(checkRange(HUMIDITY, 0, { value: 0, unit: '%' })).toEqual({ ok: true, value: 'suspect' });
    expect(checkRange(TEMPERATURE, 90, { value: 90, unit: '°C' })).toEqual({ ok: true, value: 'suspect' });
  });

  it('refuses values outside the physical range with an operator sentence', () => {
    expect(checkRange(HUMIDITY, 140, { value: 140, unit: '%' })).toEqual({
      ok: false,
      rejection: { reason: 'out_of_range', detail: 'humidity 140 % is outside the physical range 0–100 %.' },
    });
    expect(checkRange(HUMIDITY, -0.1, { value: -0.1, unit: '%' }).ok).toBe(false);
  });

  it('shows the value as sent and as converted', () => {
    const result = checkRange(TEMPERATURE, 150, { value: 302, unit: '°F' });
    expect(result).toEqual({
      ok: false,
      rejection: { reason: 'out_of_range', detail: 'temperature 302 °F (150 °C) is outside the physical range -50 to 100 °C.' },
    });
  });

  it('refuses a value that overflowed during conversion, even without a range', () => {
    expect(checkRange(UNBOUNDED, Infinity, { value: 1e308, unit: 'kx' })).toMatchObject({
      ok: false,
      rejection: { reason: 'out_of_range' },
    });
    expect(checkRange(UNBOUNDED, 1e300, { value: 1e300, unit: undefined })).toEqual({ ok: true, value: 'good' });
  });
});
