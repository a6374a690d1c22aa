import { describe, expect, it } from 'vitest';
import { parseTopic } from './topic.js';

describe('topic stage', () => {
  it('splits building/{site}/{kind}/{deviceId}', () => {
    expect(parseTopic('building/demo/temperature/temp-1')).toEqual({
      ok: true,
      value: { site: 'demo', kind: 'temperature', deviceId: 'temp-1' },
    });
  });

  it.each([
    '',
    'building',
    'building/demo/temperature',
    'building/demo/temperature/temp-1/extra',
    'building/demo/temperature/',
    'building//temperature/temp-1',
    '/building/demo/temperature/temp-1',
    'Building/demo/temperature/temp-1',
    'sensors/demo/temperature/temp-1',
    'building/demo/temperature/temp-1/',
  ])('refuses %j as invalid_topic', (topic) => {
    const result = parseTopic(topic);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.rejection.reason).toBe('invalid_topic');
    expect(result.rejection.detail).toContain('building/{site}/{kind}/{deviceId}');
  });

  it('quotes and shortens a hostile topic in the detail', () => {
    const result = parseTopic(`x\n${'y'.repeat(500)}`);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.rejection.detail).not.toContain('\n');
    expect(result.rejection.detail.length).toBeLessThan(200);
  });
});
