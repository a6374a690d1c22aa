import { describe, expect, it } from 'vitest';

import { detectKind, kindDefinition, nameTokens, normaliseKind } from './kinds.js';

describe('kind detection', () => {
  it('reads the measurement from an InfluxQL series name and ignores its labels', () => {
    expect(nameTokens('temperature.value {device: hum-1, room: room1}')).toEqual(['temperature', 'value']);
    expect(detectKind(['temperature.value {device: hum-1, room: room1}'])).toBe('temperature');
  });

  it('takes the first hint that names a kind', () => {
    expect(detectKind([undefined, 'Value', 'A', 'co2-3'])).toBe('co2');
    expect(detectKind(['solar.power_w', 'temp-1'])).toBe('solar');
  });

  it('recognises device id prefixes and aliases', () => {
    expect(detectKind(['hum-2'])).toBe('humidity');
    expect(detectKind(['light-5'])).toBe('light');
    expect(detectKind(['relay-7'])).toBe('switch');
  });

  it('returns undefined when nothing names a kind', () => {
    expect(detectKind(['Value', 'A', 'sensor-9'])).toBeUndefined();
  });

  it('normalises explicit kinds and keeps unknown ones', () => {
    expect(normaliseKind(' Temperature ')).toBe('temperature');
    expect(normaliseKind('rh')).toBe('humidity');
    expect(normaliseKind('pressure')).toBe('pressure');
    expect(normaliseKind('')).toBe('unknown');
  });

  it('describes unknown kinds generically', () => {
    expect(kindDefinition('pressure')).toMatchObject({ id: 'pressure', label: 'pressure', icon: 'circle' });
    expect(kindDefinition('co2').unit).toBe('ppm');
  });
});
