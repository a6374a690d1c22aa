import { describe, expect, it } from 'vitest';
import { toLineProtocol } from './line-protocol.js';

describe('toLineProtocol', () => {
  it('writes measurement = kind, tags site/room/device, float fields, quality, ms timestamp', () => {
    expect(
      toLineProtocol({ site: 'demo', room: 'room1', device: 'temp-1', kind: 'temperature', ts: 1640995200000, fields: { value: 25 }, quality: 'good' }),
    ).toBe('temperature,device=temp-1,room=room1,site=demo quality="good",value=25 1640995200000');
  });

  it('omits the room tag when there is none and writes booleans as booleans', () => {
    expect(toLineProtocol({ site: 'demo', device: 'sw-1', kind: 'switch', ts: 5, fields: { on: true }, quality: 'good' })).toBe(
      'switch,device=sw-1,site=demo on=T,quality="good" 5',
    );
  });

  it('escapes characters that would otherwise inject tags or fields', () => {
    const line = toLineProtocol({ site: 'demo', device: 'a,b=c d', kind: 'temperature', ts: 1, fields: { value: 1 }, quality: 'good' });
    expect(line).toBe('temperature,device=a\\,b\\=c\\ d,site=demo quality="good",value=1 1');
  });
});
