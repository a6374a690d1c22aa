import { describe, expect, it } from 'vitest';
import { toLineProtocol } from './line-protocol.js';

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
});
