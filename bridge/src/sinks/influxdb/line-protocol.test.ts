import { describe, expect, it } from 'vitest';
import type { Reading } from '../../model/reading.js';
import { toLineProtocol, toPoint } from './line-protocol.js';

describe('toLineProtocol', () => {
  it('writes the measurement, the tags, float fields, quality and a ms timestamp', () => {
    const tags = { site: 'demo', device: 'temp-1', room: 'room1' };
    expect(toLineProtocol({ measurement: 'temperature', tags, ts: 1640995200000, fields: { value: 25 }, quality: 'good' })).toBe(
      'temperature,device=temp-1,room=room1,site=demo quality="good",value=25 1640995200000',
    );
  });

  it('writes only the tags the reading has, and booleans as booleans', () => {
    expect(toLineProtocol({ measurement: 'switch', tags: { site: 'demo', device: 'sw-1' }, ts: 5, fields: { on: true }, quality: 'good' })).toBe(
      'switch,device=sw-1,site=demo on=T,quality="good" 5',
    );
  });

  it('writes the integer fields with the i suffix and strings quoted', () => {
    const reading = {
      measurement: 'production_machine',
      tags: { site: 'default', machine: 'press-2' },
      ts: 7,
      fields: { cumulative_production: 10412, speed: 182, state: 'running "fast"' },
      integerFields: ['cumulative_production'],
      quality: 'good' as const,
    };
    expect(toLineProtocol(reading)).toBe(
      'production_machine,machine=press-2,site=default cumulative_production=10412i,quality="good",speed=182,state="running \\"fast\\"" 7',
    );
  });

  it('escapes characters that would otherwise inject tags or fields', () => {
    const line = toLineProtocol({ measurement: 'temperature', tags: { site: 'demo', device: 'a,b=c d' }, ts: 1, fields: { value: 1 }, quality: 'good' });
    expect(line).toBe('temperature,device=a\\,b\\=c\\ d,site=demo quality="good",value=1 1');
  });

  it('writes exactly the line of the client\'s Point, whatever the names, values and characters', () => {
    const odd = ['a,b', 'x y', 'k=v', 'new\nline', 'tab\t', 'quote"s', 'back\\slash', 'Zeta', 'alpha', 'ü', '😀', '_', '-1'];
    const readings: Reading[] = [];
    for (const [i, text] of odd.entries()) {
      readings.push({
        measurement: `m ${text}`,
        tags: { site: 'demo', device: text, [text]: 'v', empty: '', Z: 'upper' },
        ts: 1_700_000_000_000 + i + 0.75,
        fields: { [text]: i + 0.5, value: -i, on: i % 2 === 0, note: text, count: 2 ** 40 + i, quality: 'ignored' },
        integerFields: ['count'],
        quality: i % 3 === 0 ? 'suspect' : 'good',
      });
    }
    readings.push({ measurement: 'temperature', tags: { site: 's', device: 'd' }, ts: 1, fields: { value: 1e21, tiny: 1e-7, neg: -0 }, quality: 'good' });
    for (const reading of readings) expect(toLineProtocol(reading)).toBe(toPoint(reading).toLineProtocol());
  });

  it('writes every timestamp as the client does, wherever its digits fall', () => {
    const base = { measurement: 'm', tags: { site: 's', device: 'd' }, fields: { value: 1 }, quality: 'good' as const };
    const stamps = [0, 1, 999_999, 1_000_000, 1_000_001, 1_640_995_200_000, 1_764_670_999_999, 1_764_671_000_000.999, 1_764_670_000_007, 999_999_999_999_999, 1e15, 2 ** 53 - 1, -1, -1_640_995_200_000.5];
    for (const ts of stamps) expect(toLineProtocol({ ...base, ts })).toBe(toPoint({ ...base, ts }).toLineProtocol());
    for (let ts = 1_764_670_000_000; ts < 1_764_670_000_000 + 2_000_000; ts += 997) expect(toLineProtocol({ ...base, ts }).endsWith(` ${ts}`)).toBe(true);
  });

  it('refuses values the client refuses: a number that is not finite, an integer out of range', () => {
    const base = { measurement: 'm', tags: { site: 's', device: 'd' }, ts: 1, quality: 'good' as const };
    expect(() => toLineProtocol({ ...base, fields: { value: Number.NaN } })).toThrow();
    expect(() => toLineProtocol({ ...base, fields: { value: Infinity } })).toThrow();
    expect(() => toLineProtocol({ ...base, fields: { count: 2 ** 64 }, integerFields: ['count'] })).toThrow();
  });
});
