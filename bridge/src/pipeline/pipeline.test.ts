import { describe, expect, it } from 'vitest';
import { REJECTION_REASONS, type RejectionReason } from '../model/rejection.js';
import { describeProfiles, loadProfiles, type KindProfile } from '../profiles/index.js';
import { createPipeline, DEFAULT_PIPELINE_OPTIONS, type PipelineOptions, type ProcessResult } from './index.js';

const TS = 1640995200000; // 2022-01-01T00:00:00Z, the contract's sample time
const NOW = TS + 2_000;
const PROFILES = loadProfiles();
const BUILDING = PROFILES.find((p) => p.name === 'building')!;
const bytes = (value: unknown) => new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value));

function run(topic: string, payload: unknown, options: PipelineOptions = DEFAULT_PIPELINE_OPTIONS): ProcessResult {
  return createPipeline(options, PROFILES).process(topic, bytes(payload), NOW);
}

function reasonOf(result: ProcessResult): RejectionReason | 'accepted' {
  return result.ok ? 'accepted' : result.rejection.reason;
}

describe('pipeline: each kind end to end', () => {
  it('temperature (the contract sample)', () => {
    const payload = { deviceId: 'temp-1', kind: 'temperature', value: 25.5, unit: '°C', roomId: 'room1', ts: TS };
    expect(run('building/demo/temperature/temp-1', payload)).toEqual({
      ok: true,
      profile: 'building',
      device: 'temp-1',
      value: { measurement: 'temperature', tags: { site: 'demo', device: 'temp-1', room: 'room1' }, ts: TS, fields: { value: 25.5 }, quality: 'good' },
    });
  });

  it('temperature in °F is stored in °C', () => {
    const payload = { deviceId: 'out-1', kind: 'temperature', value: 14, unit: '°F', ts: TS };
    expect(run('building/demo/temperature/out-1', payload)).toMatchObject({ ok: true, value: { fields: { value: -10 } } });
  });

  it('humidity', () => {
    const payload = { deviceId: 'hum-1', kind: 'humidity', value: 45.2, unit: '%', roomId: 'room1', ts: TS };
    expect(run('building/demo/humidity/hum-1', payload)).toMatchObject({ ok: true, value: { measurement: 'humidity', fields: { value: 45.2 }, quality: 'good' } });
  });

  it('co2', () => {
    const payload = { deviceId: 'co2-1', kind: 'co2', value: 650, unit: 'ppm', roomId: 'room2', ts: TS };
    expect(run('building/demo/co2/co2-1', payload)).toMatchObject({ ok: true, value: { measurement: 'co2', tags: { room: 'room2' }, fields: { value: 650 } } });
  });

  it('light', () => {
    const payload = { deviceId: 'light-1', kind: 'light', value: 320, unit: 'lux', roomId: 'room1', ts: TS };
    expect(run('building/demo/light/light-1', payload)).toMatchObject({ ok: true, value: { measurement: 'light', fields: { value: 320 } } });
  });

  it("solar, the original's sample without value or unit", () => {
    const payload = { deviceId: 'solar-plant', kind: 'solar', powerW: 4200, voltage: 380, current: 11.05, ts: TS };
    expect(run('building/demo/solar/solar-plant', payload)).toEqual({
      ok: true,
      profile: 'building',
      device: 'solar-plant',
      value: { measurement: 'solar', tags: { site: 'demo', device: 'solar-plant' }, ts: TS, fields: { power_w: 4200, voltage: 380, current: 11.05 }, quality: 'good' },
    });
  });

  it('solar with value in kW is stored as power_w in W', () => {
    const payload = { deviceId: 'pv-2', kind: 'solar', value: 4.2, unit: 'kW', ts: TS };
    expect(run('building/demo/solar/pv-2', payload)).toMatchObject({ ok: true, value: { fields: { power_w: 4200 } } });
  });

  it('switch', () => {
    const payload = { deviceId: 'sw-1', kind: 'switch', on: true, roomId: 'room1', ts: TS };
    expect(run('building/demo/switch/sw-1', payload)).toMatchObject({ ok: true, value: { measurement: 'switch', fields: { on: true }, quality: 'good' } });
  });

  it('uses receivedAt when ts is absent', () => {
    const payload = { deviceId: 'temp-1', kind: 'temperature', value: 21 };
    expect(run('building/demo/temperature/temp-1', payload)).toMatchObject({ ok: true, value: { ts: NOW } });
  });

  it('marks a reading near the physical edge suspect but keeps it', () => {
    const payload = { deviceId: 'hum-1', kind: 'humidity', value: 100, unit: '%', ts: TS };
    expect(run('building/demo/humidity/hum-1', payload)).toMatchObject({ ok: true, value: { quality: 'suspect', fields: { value: 100 } } });
  });
});

describe('pipeline: every rejection reason', () => {
  const T = 'building/demo/temperature/temp-1';
  const ok = { deviceId: 'temp-1', kind: 'temperature', value: 25.5, unit: '°C', ts: TS };
  const cases: Array<[RejectionReason, string, unknown, string]> = [
    ['too_large', T, { ...ok, pad: 'x'.repeat(5000) }, 'above the 4096-byte limit'],
    ['invalid_json', T, '{"deviceId":', 'not valid JSON'],
    ['schema', T, { ...ok, value: '25.5' }, 'field "value" must be a number'],
    ['unknown_kind', 'building/demo/pressure/temp-1', { ...ok, kind: 'pressure' }, 'not a known kind'],
    ['invalid_topic', 'building/demo/temperature', ok, 'does not have the form'],
    ['no_profile', 'sensors/demo/temperature/temp-1', ok, 'matches no profile'],
    ['topic_mismatch', 'building/demo/humidity/temp-1', ok, 'topic kind "humidity" does not match payload kind "temperature"'],
    ['invalid_identifier', 'building/demo/temperature/temp-1', { ...ok, roomId: 'a,b=c d' }, 'payload roomId "a,b=c d"'],
    ['invalid_unit', T, { ...ok, unit: 'K°' }, 'unit "K°" is not accepted for temperature'],
    ['out_of_range', 'building/demo/humidity/hum-1', { deviceId: 'hum-1', kind: 'humidity', value: 140, unit: '%' }, 'humidity 140 % is outside the physical range 0–100 %'],
    ['timestamp_skew', T, { ...ok, ts: 1640995200 }, 'looks like epoch seconds'],
  ];

  it.each(cases)('%s', (reason, topic, payload, phrase) => {
    const result = run(topic, payload);
    expect(reasonOf(result)).toBe(reason);
    if (!result.ok) expect(result.rejection.detail).toContain(phrase);
  });

  it('rate_limited, judged by the readings\' own time, with the device named', () => {
    const pipeline = createPipeline({ ...DEFAULT_PIPELINE_OPTIONS, rateLimit: { perDevicePerSecond: 1, burst: 2 } }, PROFILES);
    const send = (ts: number | undefined, receivedAt = NOW) => pipeline.process(T, bytes({ ...ok, ts }), receivedAt);
    expect([send(TS), send(TS + 1), send(TS + 2)].map(reasonOf)).toEqual(['accepted', 'accepted', 'rate_limited']);
    const limited = send(TS + 3, NOW + 60_000);
    expect(limited).toMatchObject({ ok: false, device: 'temp-1', rejection: { reason: 'rate_limited' } });
    if (!limited.ok) expect(limited.rejection.detail).toBe(
      'device "temp-1" at site "demo" sent more than 2 readings stamped within 2 s (1 per second on average); this reading was dropped, check the device\'s send interval.',
    );
    // Stamped in the next window: accepted although it arrives at the same moment (a backlog).
    expect(reasonOf(send(TS + 2_000))).toBe('accepted');
    // Without `ts` a reading is stamped, and so judged, at its arrival.
    const later = NOW + 10_000;
    expect([send(undefined, later), send(undefined, later), send(undefined, later)].map(reasonOf)).toEqual(['accepted', 'accepted', 'rate_limited']);
  });

  it('rate limiting off lets every reading through', () => {
    const pipeline = createPipeline({ ...DEFAULT_PIPELINE_OPTIONS, rateLimit: null }, PROFILES);
    const results = Array.from({ length: 500 }, () => pipeline.process(T, bytes(ok), NOW));
    expect(results.every((r) => r.ok)).toBe(true);
  });

  it('only accepted readings spend tokens', () => {
    const pipeline = createPipeline({ ...DEFAULT_PIPELINE_OPTIONS, rateLimit: { perDevicePerSecond: 1, burst: 1 } }, PROFILES);
    for (let i = 0; i < 10; i += 1) pipeline.process(T, bytes({ ...ok, value: 'bad' }), NOW);
    expect(pipeline.process(T, bytes(ok), NOW).ok).toBe(true);
  });

  it('covers every reason except internal_error and its own bucket', () => {
    const covered = new Set<string>([...cases.map(([reason]) => reason), 'rate_limited', 'internal_error']);
    expect(REJECTION_REASONS.filter((r) => !covered.has(r))).toEqual([]);
  });
});

describe('pipeline: device hint on rejections', () => {
  it('names the device from a valid topic', () => {
    expect(run('building/demo/temperature/temp-1', '{oops')).toMatchObject({ ok: false, device: 'temp-1' });
  });

  it('never echoes an invalid identifier as the device', () => {
    const result = run("building/demo/temperature/x';DROP", { deviceId: "x';DROP", kind: 'temperature', value: 1 });
    expect(result.ok).toBe(false);
    expect(result).not.toHaveProperty('device');
  });
});

describe('pipeline: identifier injection is refused', () => {
  it.each(['a,b=c d', '../x', 'temp-1\n', "'; DROP TABLE readings; --", 'a\tb', 'x'.repeat(65)])('deviceId %j', (deviceId) => {
    const topic = `building/demo/temperature/${deviceId}`;
    const result = run(topic, { deviceId, kind: 'temperature', value: 20 });
    // "../x" as a topic segment breaks the topic shape first; every other one is an identifier error.
    expect(['invalid_identifier', 'invalid_topic']).toContain(reasonOf(result));
  });

  it('refuses a hostile deviceId in the payload even when the topic is clean', () => {
    const result = run('building/demo/temperature/temp-1', { deviceId: 'temp-1 ,room=x', kind: 'temperature', value: 20 });
    expect(reasonOf(result)).toBe('invalid_identifier');
  });
});

describe('createPipeline', () => {
  it('has the documented defaults', () => {
    expect(DEFAULT_PIPELINE_OPTIONS).toEqual({
      maxPayloadBytes: 4096,
      maxFutureSkewMs: 300_000,
      maxPastAgeMs: 604_800_000,
      rateLimit: { perDevicePerSecond: 20, burst: 40 },
    });
  });

  it.each<[string, Partial<PipelineOptions>]>([
    ['zero payload limit', { maxPayloadBytes: 0 }],
    ['fractional payload limit', { maxPayloadBytes: 10.5 }],
    ['negative skew', { maxFutureSkewMs: -1 }],
    ['infinite age', { maxPastAgeMs: Infinity }],
    ['NaN rate', { rateLimit: { perDevicePerSecond: NaN, burst: 10 } }],
    ['burst below one', { rateLimit: { perDevicePerSecond: 5, burst: 0 } }],
  ])('refuses %s at start-up', (_name, patch) => {
    expect(() => createPipeline({ ...DEFAULT_PIPELINE_OPTIONS, ...patch }, PROFILES)).toThrow(/Invalid pipeline options/);
  });

  it('accepts a new measurement as a profile entry, with no code change', () => {
    const wind: KindProfile = {
      kind: 'wind',
      aliases: ['anemometer'],
      fields: [
        {
          keys: ['value'], field: 'value', label: 'wind speed', type: 'number', required: true, unit: 'm/s',
          units: [{ names: ['m/s'], offset: 0, scale: 1 }, { names: ['km/h'], offset: 0, scale: 1 / 3.6 }],
          range: [0, 120], plausible: [0, 60],
        },
      ],
    };
    const pipeline = createPipeline(DEFAULT_PIPELINE_OPTIONS, [{ ...BUILDING, kinds: [...BUILDING.kinds, wind] }]);
    const payload = bytes({ deviceId: 'roof-1', kind: 'anemometer', value: 36, unit: 'km/h', ts: TS });
    expect(pipeline.process('building/demo/wind/roof-1', payload, NOW)).toMatchObject({
      ok: true,
      value: { measurement: 'wind', fields: { value: 10 }, quality: 'good' },
    });
    expect(describeProfiles([wind])).toContain('| wind | anemometer | value |');
  });

  it('keeps the README table in step with the profiles', async () => {
    const { readFile } = await import('node:fs/promises');
    const readme = await readFile(new URL('./README.md', import.meta.url), 'utf8');
    expect(readme).toContain(describeProfiles(BUILDING.kinds));
  });
});
