import { describe, expect, it } from 'vitest';
import type { StageRejection } from '../model/rejection.js';
import { loadProfiles } from '../profiles/index.js';
import { compilePattern } from './topic.js';
import { compileValidator, type ValidMessage } from './validate.js';

const NOW = 1640995260000;
const BUILDING = loadProfiles().find((p) => p.name === 'building')!;
const topicPattern = compilePattern(BUILDING.topic!);
const validateMessage = compileValidator(BUILDING);
const ctx = {
  window: { maxFutureSkewMs: 300_000, maxPastAgeMs: 604_800_000 },
  receivedAt: NOW,
};
const SAMPLE = { deviceId: 'temp-1', kind: 'temperature', value: 25.5, unit: '°C', roomId: 'room1', ts: 1640995200000 };

function validate(topic: string, payload: Record<string, unknown>) {
  const parts = topicPattern.parse(topic);
  if (!parts.ok) throw new Error(parts.rejection.detail);
  return validateMessage({ levels: parts.value, params: {}, payload }, ctx);
}

function accepted(topic: string, payload: Record<string, unknown>): ValidMessage {
  const result = validate(topic, payload);
  if (!result.ok) throw new Error(result.rejection.detail);
  return result.value;
}

function refused(topic: string, payload: Record<string, unknown>): StageRejection {
  const result = validate(topic, payload);
  if (result.ok) throw new Error('expected a rejection');
  return result.rejection;
}

const T = 'building/demo/temperature/temp-1';

describe('validate stage', () => {
  it('accepts the contract sample', () => {
    const message = accepted(T, SAMPLE);
    expect(message).toMatchObject({ site: 'demo', device: 'temp-1', tags: { room: 'room1' }, ts: 1640995200000 });
    expect(message.profile.kind).toBe('temperature');
    expect(message.fields.map((f) => [f.spec.field, f.value])).toEqual([['value', 25.5]]);
  });

  it('ignores unknown extra keys, and keys that only exist on Object.prototype', () => {
    expect(accepted(T, { ...SAMPLE, firmware: '1.2', battery: 88, nested: { deep: [1] } }).device).toBe('temp-1');
    const { unit: _unit, ...noUnit } = SAMPLE;
    expect(accepted(T, noUnit).fields[0]?.unit.scale).toBe(1);
  });

  it('uses receivedAt when ts is absent', () => {
    const { ts: _ts, ...noTs } = SAMPLE;
    expect(accepted(T, noTs).ts).toBe(NOW);
  });

  it('leaves room out when roomId is absent or null', () => {
    const { roomId: _roomId, ...noRoom } = SAMPLE;
    expect('room' in accepted(T, noRoom).tags).toBe(false);
    expect('room' in accepted(T, { ...SAMPLE, roomId: null }).tags).toBe(false);
  });

  it('resolves kind aliases case-insensitively and stores the canonical kind', () => {
    const message = accepted('building/demo/Temp/temp-1', { ...SAMPLE, kind: 'TEMPERATURE' });
    expect(message.profile.kind).toBe('temperature');
  });

  describe('topic ↔ payload consistency', () => {
    it('refuses a kind that differs from the topic', () => {
      expect(refused('building/demo/humidity/temp-1', SAMPLE)).toEqual({
        reason: 'topic_mismatch',
        detail: 'topic kind "humidity" does not match payload kind "temperature".',
      });
    });

    it('refuses a deviceId that differs from the topic (case matters: it is a tag)', () => {
      expect(refused('building/demo/temperature/Temp-1', SAMPLE)).toEqual({
        reason: 'topic_mismatch',
        detail: 'topic deviceId "Temp-1" does not match payload deviceId "temp-1".',
      });
    });
  });

  describe('unknown kinds', () => {
    it('in the topic', () => {
      const r = refused('building/demo/pressure/temp-1', { ...SAMPLE, kind: 'pressure' });
      expect(r.reason).toBe('unknown_kind');
      expect(r.detail).toBe('topic kind "pressure" is not a known kind; known kinds: temperature, humidity, co2, light, solar, switch, counter.');
    });

    it('in the payload', () => {
      expect(refused(T, { ...SAMPLE, kind: 'pressure' }).reason).toBe('unknown_kind');
    });

    it('never matches Object.prototype names', () => {
      expect(refused('building/demo/constructor/temp-1', { ...SAMPLE, kind: 'constructor' }).reason).toBe('unknown_kind');
    });
  });

  describe('identifiers', () => {
    it.each(['a,b=c d', '../x', 'temp-1\n', "'; DROP TABLE readings; --", 'x'.repeat(65), ''])(
      'refuses payload deviceId %j',
      (deviceId) => {
        const topic = 'building/demo/temperature/temp-1';
        const r = refused(topic, { ...SAMPLE, deviceId });
        expect(r.reason).toBe('invalid_identifier');
        expect(r.detail).toContain('payload deviceId');
      },
    );

    it.each(['a,b=c d', 'temp 1', "x';--", '.x'])('refuses topic deviceId %j', (deviceId) => {
      const r = refused(`building/demo/temperature/${deviceId}`, { ...SAMPLE, deviceId });
      expect(r.reason).toBe('invalid_identifier');
      expect(r.detail).toContain('topic deviceId');
    });

    it('refuses a bad site', () => {
      const r = refused('building/de mo/temperature/temp-1', SAMPLE);
      expect(r).toMatchObject({ reason: 'invalid_identifier' });
      expect(r.detail).toContain('topic site "de mo"');
    });

    it('refuses a bad kind as an identifier before looking it up', () => {
      expect(refused('building/demo/temp=1/temp-1', SAMPLE).reason).toBe('invalid_identifier');
    });

    it.each(['room 1', 'room,a=b', '../../etc', 'r\u0000'])('refuses roomId %j', (roomId) => {
      const r = refused(T, { ...SAMPLE, roomId });
      expect(r.reason).toBe('invalid_identifier');
      expect(r.detail).toContain('payload roomId');
    });
  });

  describe('JSON types', () => {
    it.each([
      [{ value: '25.5' }, 'field "value" must be a number, got string "25.5".'],
      [{ value: true }, 'field "value" must be a number, got boolean true.'],
      [{ value: [25.5] }, 'field "value" must be a number, got an array.'],
      [{ value: { v: 1 } }, 'field "value" must be a number, got an object.'],
      [{ value: null }, 'field "value" must be a number, got null.'],
      [{ deviceId: 42 }, 'field "deviceId" must be a string, got number 42.'],
      [{ deviceId: null }, 'field "deviceId" must be a string, got null.'],
      [{ kind: ['temperature'] }, 'field "kind" must be a string, got an array.'],
      [{ roomId: 7 }, 'field "roomId" must be a string, got number 7.'],
      [{ unit: 1 }, 'field "unit" must be a string, got number 1.'],
      [{ ts: '2022-01-01T00:00:00Z' }, 'field "ts" must be a number of epoch milliseconds, got string "2022-01-01T00:00:00Z".'],
      [{ value: Infinity }, 'field "value" must be a finite number.'],
    ])('refuses %j as schema naming the field', (patch, detail) => {
      expect(refused(T, { ...SAMPLE, ...patch })).toEqual({ reason: 'schema', detail });
    });

    it('refuses missing required fields', () => {
      const { value: _value, ...noValue } = SAMPLE;
      expect(refused(T, noValue)).toEqual({ reason: 'schema', detail: 'field "value" (a number) is required for temperature but missing.' });
      const { deviceId: _deviceId, ...noDevice } = SAMPLE;
      expect(refused(T, noDevice)).toEqual({ reason: 'schema', detail: 'field "deviceId" (a string) is required but missing.' });
      const { kind: _kind, ...noKind } = SAMPLE;
      expect(refused(T, noKind).detail).toContain('"kind"');
    });

    it('refuses a switch state that is not a boolean', () => {
      const r = refused('building/demo/switch/sw-1', { deviceId: 'sw-1', kind: 'switch', on: 1 });
      expect(r).toEqual({ reason: 'schema', detail: 'field "on" must be a boolean (true or false), got number 1.' });
    });
  });

  describe('solar', () => {
    const S = 'building/demo/solar/solar-plant';
    const base = { deviceId: 'solar-plant', kind: 'solar' };

    it('reads powerW, voltage and current without value or unit', () => {
      const message = accepted(S, { ...base, powerW: 4200, voltage: 380, current: 11.05, ts: 1640995200000 });
      expect(message.fields.map((f) => [f.spec.field, f.value])).toEqual([
        ['power_w', 4200],
        ['voltage', 380],
        ['current', 11.05],
      ]);
    });

    it('reads value as power when powerW is absent, and powerW wins when both are present', () => {
      expect(accepted(S, { ...base, value: 3000 }).fields.map((f) => [f.spec.field, f.value])).toEqual([['power_w', 3000]]);
      expect(accepted(S, { ...base, powerW: 4200, value: 'ignored' }).fields[0]?.value).toBe(4200);
    });

    it('accepts a partial reading but not an empty one', () => {
      expect(accepted(S, { ...base, voltage: 380 }).fields).toHaveLength(1);
      expect(refused(S, base)).toEqual({
        reason: 'schema',
        detail: 'a solar reading needs at least one of these fields: powerW or value, voltage, current.',
      });
    });

    it('refuses a unit that is not a power unit', () => {
      const r = refused(S, { ...base, value: 5, unit: 'V' });
      expect(r.reason).toBe('invalid_unit');
      expect(r.detail).toContain('solar power');
    });
  });

  it('refuses a skewed timestamp', () => {
    expect(refused(T, { ...SAMPLE, ts: 1640995200 }).reason).toBe('timestamp_skew');
  });

  it('refuses an unknown unit', () => {
    expect(refused(T, { ...SAMPLE, unit: 'Réaumur' })).toMatchObject({ reason: 'invalid_unit' });
  });

  it('ignores a unit on a kind without units', () => {
    expect(accepted('building/demo/switch/sw-1', { deviceId: 'sw-1', kind: 'switch', on: true, unit: 'bool' }).fields).toHaveLength(1);
  });
});
