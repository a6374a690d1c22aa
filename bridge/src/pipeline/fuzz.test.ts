import { describe, expect, it } from 'vitest';
import { REJECTION_REASONS } from '../model/rejection.js';
import { loadProfiles, type Profile } from '../profiles/index.js';
import { profileKeys, sampleMessage, type ProfileMessage } from '../../test/support/profile-samples.js';
import { createPipeline, DEFAULT_PIPELINE_OPTIONS, isIdentifier, type Pipeline, type ProcessResult } from './index.js';
import { createRandom } from '@sensorplus/simulator';

/**
 * `process` must never throw and must only ever return a well-formed result, whatever arrives.
 * Seeded, so a failure is reproducible: the failing seed and input are in the assertion message.
 */

const NOW = 1640995202000;
const TS = 1640995200000;

const prng = createRandom;

const HOSTILE_VALUES = [
  '1e309', '-1e309', '-0', '0', '1e-400', '123456789012345678901234567890', '9007199254740993', '-1', '25.5',
  'null', 'true', 'false', '[]', '{}', '[25.5]', '{"value":1}', '""', '"25.5"', '"NaN"', '"Infinity"',
  '"\\u0000"', '"\\ud800"', '"a,b=c d"', '"../x"', '"temp-1\\n"', `"'; DROP TABLE readings; --"`, '"°C"', '"°F"', '"kW"',
  '"__proto__"', '"constructor"', '"toString"', '{"__proto__":{"polluted":true}}', '1640995200', '1640995200000000',
  `${TS}`, `${TS + 0.5}`, `"${'x'.repeat(3000)}"`,
];
const KEYS = ['deviceId', 'kind', 'value', 'unit', 'roomId', 'ts', 'powerW', 'voltage', 'current', 'on', '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', ''];
const KINDS = ['temperature', 'humidity', 'co2', 'light', 'solar', 'switch', 'Temp', 'pressure', '__proto__', 'constructor', 'a,b=c d', ''];
const DEVICES = ['temp-1', 'solar-plant', 'a,b=c d', '../x', 'temp-1\n', "'; DROP TABLE x; --", '__proto__', 'x'.repeat(70), ''];

function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)] as T;
}

/** A topic and a payload that mostly agree (so many messages reach the last stage), with hostile parts mixed in. */
function randomCase(rand: () => number): { topic: string; text: string } {
  const kind = pick(rand, KINDS);
  const device = rand() < 0.6 ? 'temp-1' : pick(rand, DEVICES);
  const site = rand() < 0.8 ? 'demo' : pick(rand, ['site-2', 'de mo', '..', '']);
  const topic =
    rand() < 0.05
      ? pick(rand, ['', '/', 'building', 'building/+/+/+', 'building/#', '$SYS/x', 'building/a/b/c/d', 'building//temperature/x'])
      : `building/${site}/${kind}/${device}`;
  const fields: string[] = [
    `"deviceId":${JSON.stringify(rand() < 0.8 ? device : pick(rand, DEVICES))}`,
    `"kind":${JSON.stringify(rand() < 0.8 ? kind : pick(rand, KINDS))}`,
    kind === 'switch' ? '"on":true' : '"value":25.5',
    `"ts":${TS}`,
  ];
  const extra = Math.floor(rand() * 4);
  for (let i = 0; i < extra; i += 1) fields.push(`${JSON.stringify(pick(rand, KEYS))}:${pick(rand, HOSTILE_VALUES)}`);
  return { topic, text: `{${fields.join(',')}}` };
}

function randomBytes(rand: () => number, max: number): Uint8Array {
  const out = new Uint8Array(Math.floor(rand() * max));
  for (let i = 0; i < out.length; i += 1) out[i] = Math.floor(rand() * 256);
  return out;
}

/** Flips, drops or duplicates a few bytes of a real message: the kind of damage a link does. */
function corrupt(rand: () => number, text: string): Uint8Array {
  const source = new TextEncoder().encode(text);
  const out = Array.from(source);
  const edits = 1 + Math.floor(rand() * 4);
  for (let i = 0; i < edits && out.length > 0; i += 1) {
    const at = Math.floor(rand() * out.length);
    const op = rand();
    if (op < 0.4) out[at] = Math.floor(rand() * 256);
    else if (op < 0.7) out.splice(at, 1);
    else out.splice(at, 0, out[at] ?? 0);
  }
  return new Uint8Array(out);
}

function expectWellFormed(result: ProcessResult, context: string): void {
  if (result.ok) {
    const r = result.value;
    expect(isIdentifier(r.tags.site ?? '') && isIdentifier(result.device) && isIdentifier(r.measurement), context).toBe(true);
    for (const tag of Object.values(r.tags)) expect(isIdentifier(tag), context).toBe(true);
    expect(Number.isInteger(r.ts), context).toBe(true);
    for (const [name, value] of Object.entries(r.fields)) {
      if (typeof value === 'number') expect(Number.isFinite(value) && !Object.is(value, -0), context).toBe(true);
      else if (typeof value === 'string') expect(value, context).not.toMatch(/[\u0000-\u001f\u007f]/);
      else expect(typeof value, context).toBe('boolean');
      if (r.integerFields?.includes(name)) expect(Number.isSafeInteger(value), context).toBe(true);
    }
    for (const key of result.unmappedKeys ?? []) expect(typeof key, context).toBe('string');
    expect(['good', 'suspect'], context).toContain(r.quality);
    return;
  }
  expect(REJECTION_REASONS, context).toContain(result.rejection.reason);
  expect(result.rejection.reason, `${context}: a pipeline bug was hidden by the guard`).not.toBe('internal_error');
  expect(result.rejection.detail, context).toMatch(/^[^\n\r]{10,400}$/);
  expect(result.rejection.detail, context).not.toMatch(/SyntaxError|TypeError|RangeError|at .*\.js|Unexpected token/);
  if (result.device !== undefined) expect(isIdentifier(result.device), context).toBe(true);
}

function processSafely(pipeline: Pipeline, topic: string, payload: Uint8Array, context: string): ProcessResult {
  let result: ProcessResult | undefined;
  expect(() => {
    result = pipeline.process(topic, payload, NOW);
  }, context).not.toThrow();
  return result as ProcessResult;
}

const PROFILES = loadProfiles();

describe('fuzz: process never throws', () => {
  const pipeline = createPipeline(DEFAULT_PIPELINE_OPTIONS, PROFILES);
  const roomy = createPipeline({ ...DEFAULT_PIPELINE_OPTIONS, maxPayloadBytes: 8_000_000, rateLimit: null }, PROFILES);

  it('survives random byte buffers', () => {
    const rand = prng(1);
    for (let i = 0; i < 3_000; i += 1) {
      const payload = randomBytes(rand, 6_000);
      const { topic } = randomCase(rand);
      expectWellFormed(processSafely(pipeline, topic, payload, `bytes #${i}`), `bytes #${i}`);
    }
  });

  it('survives hostile JSON messages', () => {
    const rand = prng(2);
    let accepted = 0;
    for (let i = 0; i < 20_000; i += 1) {
      const { topic, text } = randomCase(rand);
      const result = processSafely(roomy, topic, new TextEncoder().encode(text), `${topic} ${text.slice(0, 200)}`);
      expectWellFormed(result, `${topic} ${text.slice(0, 200)}`);
      if (result.ok) accepted += 1;
    }
    // The generator must reach the end of the pipeline too, or this test proves little.
    expect(accepted).toBeGreaterThan(100);
  });

  it('survives corrupted real messages', () => {
    const rand = prng(3);
    const sample = JSON.stringify({ deviceId: 'temp-1', kind: 'temperature', value: 25.5, unit: '°C', roomId: 'room1', ts: TS });
    for (let i = 0; i < 5_000; i += 1) {
      const payload = corrupt(rand, sample);
      expectWellFormed(processSafely(pipeline, 'building/demo/temperature/temp-1', payload, `corrupt #${i}`), `corrupt #${i}`);
    }
  });

  it.each([
    ['deep array nesting', '['.repeat(200_000) + ']'.repeat(200_000)],
    ['deep object nesting', '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000)],
    ['unterminated nesting', '['.repeat(1_000_000)],
    ['huge number', `{"deviceId":"temp-1","kind":"temperature","value":${'9'.repeat(400)}}`],
    ['1e309', '{"deviceId":"temp-1","kind":"temperature","value":1e309}'],
    ['-0', '{"deviceId":"temp-1","kind":"temperature","value":-0,"ts":-0}'],
    ['__proto__ everywhere', '{"__proto__":{"deviceId":"temp-1","kind":"temperature","value":1},"constructor":{"prototype":{"x":1}}}'],
    ['duplicate keys', '{"deviceId":"temp-1","deviceId":"a,b=c d","kind":"temperature","value":1}'],
    ['a top-level array', '[{"deviceId":"temp-1","kind":"temperature","value":1}]'],
    ['null', 'null'],
    ['strings where numbers belong', '{"deviceId":"temp-1","kind":"temperature","value":"25.5","ts":"now"}'],
    ['lone surrogates', '{"deviceId":"\\ud800","kind":"temperature","value":1}'],
    ['many keys', `{${Array.from({ length: 100_000 }, (_, i) => `"k${i}":${i}`).join(',')}}`],
  ])('survives %s', (name, text) => {
    const result = processSafely(roomy, 'building/demo/temperature/temp-1', new TextEncoder().encode(text), name);
    expectWellFormed(result, name);
  });

  it('leaves Object.prototype untouched', () => {
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(({} as Record<string, unknown>)['x']).toBeUndefined();
  });

  it('answers internal_error, not an exception, when the caller passes nonsense', () => {
    const nonsense = [
      () => pipeline.process(undefined as unknown as string, new Uint8Array(0), NOW),
      () => pipeline.process('building/demo/temperature/temp-1', 'text' as unknown as Uint8Array, NOW),
      () => pipeline.process('building/demo/temperature/temp-1', new Uint8Array(2), Number.NaN),
    ];
    for (const call of nonsense) expect(call()).toMatchObject({ ok: false, rejection: { reason: 'internal_error' } });
  });
});

/** The same attacks on each shipped profile's own messages: its topics (or HTTP route), its keys, its status messages. */
describe.each(PROFILES.map((profile) => [profile.name, profile] as const))('fuzz: the %s profile', (_name, profile: Profile) => {
  const roomy = createPipeline({ ...DEFAULT_PIPELINE_OPTIONS, maxPayloadBytes: 8_000_000, rateLimit: null }, PROFILES);
  const good = sampleMessage(profile, TS);
  const keys = [...profileKeys(profile), 'extra', 'meta', '__proto__', 'constructor', 'toString', ''];
  const send = (message: ProfileMessage, payload: Uint8Array | unknown, context: string): ProcessResult => {
    let result: ProcessResult | undefined;
    expect(() => {
      result = message.topic !== undefined ? roomy.process(message.topic, payload as Uint8Array, NOW) : roomy.ingest(message.route!, payload, NOW, message.params);
    }, context).not.toThrow();
    expectWellFormed(result!, context);
    return result!;
  };
  const text = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

  it('accepts its own sample', () => {
    expect(send(good, text(good.payload), 'sample')).toMatchObject({ ok: true, profile: profile.name });
  });

  it('survives random bytes', () => {
    const rand = prng(11);
    for (let i = 0; i < 1_000; i += 1) send(good, randomBytes(rand, 3_000), `bytes #${i}`);
  });

  it('survives hostile values in its own keys and hostile topic levels or request parameters', () => {
    const rand = prng(12);
    let accepted = 0;
    for (let i = 0; i < 4_000; i += 1) {
      // A device of its own per message: the profiles' own rate limits apply even with the bridge-wide one off.
      const message = sampleMessage(profile, TS, rand() < 0.2 ? pick(rand, DEVICES) : `dev-${i}`);
      const fields = Object.entries(message.payload).map(([key, value]) => `${JSON.stringify(key)}:${JSON.stringify(value)}`);
      const extra = Math.floor(rand() * 3);
      for (let j = 0; j < extra; j += 1) fields.push(`${JSON.stringify(pick(rand, keys))}:${pick(rand, HOSTILE_VALUES)}`);
      const payload = `{${fields.join(',')}}`;
      if (send(message, new TextEncoder().encode(payload), `${message.topic ?? message.route} ${payload.slice(0, 200)}`).ok) accepted += 1;
    }
    expect(accepted).toBeGreaterThan(100);
  });

  it('survives corrupted real messages', () => {
    const rand = prng(13);
    const sample = JSON.stringify(good.payload);
    for (let i = 0; i < 2_000; i += 1) send(good, corrupt(rand, sample), `corrupt #${i}`);
  });

  it.each([
    ['deep nesting', '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000)],
    ['__proto__ everywhere', '{"__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}}}'],
    ['many keys', `{${Array.from({ length: 100_000 }, (_, i) => `"k${i}":${i}`).join(',')}}`],
  ])('survives %s', (name, payload) => {
    send(good, new TextEncoder().encode(payload), name);
  });

  it.runIf(profile.status !== undefined)('survives random and hostile status messages', () => {
    const statusTopic = profile.status!.topic.replace(/\{(\w+)\}/g, 'dev-1');
    const status = { ...good, topic: statusTopic };
    const rand = prng(14);
    for (let i = 0; i < 1_000; i += 1) send(status, randomBytes(rand, 200), `status bytes #${i}`);
    for (const value of HOSTILE_VALUES) {
      send(status, new TextEncoder().encode(value), `status ${value.slice(0, 40)}`);
      send(status, new TextEncoder().encode(`{"${profile.status!.state.path}":${value}}`), `status state ${value.slice(0, 40)}`);
    }
  });

  it('leaves Object.prototype untouched', () => {
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

