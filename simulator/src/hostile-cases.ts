/**
 * The catalogue of bad messages. Each case breaks exactly one rule of the message contract (see
 * README), so the reason a receiver that checks the rules in order refuses it with is certain.
 */
import { UNITS, roomDeviceId, topicFor, SOLAR_DEVICE_ID } from './building.js';
import { DAY_MS, MINUTE_MS } from './curves.js';
import type { RoomKind } from './models.js';
import { round } from './models.js';
import { uniform, type Random } from './random.js';

/** Where and when a case is built. */
export interface CaseContext {
  site: string;
  /** Room number for room sensors: `temp-{room}`, `room{room}`. */
  room: number;
  /** Appended to fixed identifiers (solar plant, injection strings) to spread them over devices. */
  tag: string;
  /** A valid "now" timestamp; skew cases are built around it. */
  ts: number;
  random: Random;
  maxPayloadBytes: number;
}

/**
 * The contract's rules, named as SensorPlus's bridge reports a refused message, in the order they
 * are checked: a message that breaks several is refused for the first.
 */
export const CONTRACT_VIOLATIONS = [
  'too_large', 'invalid_topic', 'invalid_json', 'schema', 'invalid_identifier',
  'unknown_kind', 'topic_mismatch', 'invalid_unit', 'out_of_range', 'timestamp_skew',
] as const;
export type ContractViolation = (typeof CONTRACT_VIOLATIONS)[number];

export type CaseGroup = 'malformed' | 'hostile';
type Body = Record<string, unknown>;
type Built = { topic: string; payload: Body | string | Buffer | unknown[] | number | null };

export interface HostileCase {
  group: CaseGroup;
  /** The one rule the case breaks: the reason it is refused for. */
  reason: ContractViolation;
  description: string;
  build(ctx: CaseContext): Built;
}

/** A valid room reading and its topic; cases change exactly one thing. */
function room(ctx: CaseContext, kind: RoomKind): { topic: string; body: Body } {
  const deviceId = roomDeviceId(kind, ctx.room);
  const value = plausibleValue(ctx.random, kind);
  const body = { deviceId, kind, value, unit: UNITS[kind], roomId: `room${ctx.room}`, ts: ctx.ts };
  return { topic: topicFor(ctx.site, kind, deviceId), body };
}

function solar(ctx: CaseContext): { topic: string; body: Body } {
  const deviceId = SOLAR_DEVICE_ID + ctx.tag;
  const body = { deviceId, kind: 'solar', powerW: 4200.5, voltage: 380.2, current: 11.05, ts: ctx.ts };
  return { topic: topicFor(ctx.site, 'solar', deviceId), body };
}

function plausibleValue(random: Random, kind: RoomKind): number {
  const ranges: Record<RoomKind, [number, number]> = {
    temperature: [20, 24],
    humidity: [35, 55],
    co2: [450, 900],
    light: [100, 700],
  };
  const [min, max] = ranges[kind];
  return round(uniform(random, min, max), kind === 'co2' || kind === 'light' ? 0 : 1);
}

/** A temperature reading with one field replaced (or removed, with `undefined`). */
function temperatureWith(ctx: CaseContext, field: string, value: unknown): Built {
  const { topic, body } = room(ctx, 'temperature');
  if (value === undefined) delete body[field];
  else body[field] = value;
  return { topic, payload: body };
}

/**
 * A temperature reading whose deviceId is replaced in topic and payload alike. (A bad kind has no
 * case of its own: it would also be an unknown kind, two faults in one.)
 */
function identifierCase(ctx: CaseContext, deviceId: string): Built {
  const { body } = room(ctx, 'temperature');
  return { topic: topicFor(ctx.site, 'temperature', deviceId), payload: { ...body, deviceId } };
}

/** Raw JSON text of a valid temperature reading with a piece of text swapped in. */
function temperatureText(ctx: CaseContext, search: RegExp, replacement: string): Built {
  const { topic, body } = room(ctx, 'temperature');
  return { topic, payload: JSON.stringify(body).replace(search, replacement) };
}

/** A valid reading padded with a `note` field to exactly `bytes` bytes. */
function padded(ctx: CaseContext, bytes: number): Built {
  const { topic, body } = room(ctx, 'temperature');
  const bare = Buffer.byteLength(JSON.stringify({ ...body, note: '' }));
  return { topic, payload: { ...body, note: 'x'.repeat(Math.max(0, bytes - bare)) } };
}

const tooLarge: HostileCase[] = [
  { group: 'hostile', reason: 'too_large', description: 'valid reading padded to one byte over the size limit', build: (c) => padded(c, c.maxPayloadBytes + 1) },
  { group: 'hostile', reason: 'too_large', description: 'valid reading padded to 70 KiB', build: (c) => padded(c, 70 * 1024) },
];

const invalidTopic: HostileCase[] = [
  { group: 'hostile', reason: 'invalid_topic', description: 'topic with 3 levels (no deviceId)', build: (c) => { const r = room(c, 'temperature'); return { topic: `building/${c.site}/temperature`, payload: r.body }; } },
  { group: 'hostile', reason: 'invalid_topic', description: 'topic with 5 levels', build: (c) => { const r = room(c, 'temperature'); return { topic: `${r.topic}/extra`, payload: r.body }; } },
  { group: 'hostile', reason: 'invalid_topic', description: 'topic with a trailing slash (empty 5th level)', build: (c) => { const r = room(c, 'temperature'); return { topic: `${r.topic}/`, payload: r.body }; } },
];

const invalidJson: HostileCase[] = [
  { group: 'malformed', reason: 'invalid_json', description: 'JSON cut off in the middle', build: (c) => { const r = room(c, 'temperature'); const text = JSON.stringify(r.body); return { topic: r.topic, payload: text.slice(0, Math.floor(text.length / 2)) }; } },
  { group: 'malformed', reason: 'invalid_json', description: 'NaN as a bare value (not JSON)', build: (c) => temperatureText(c, /"value":[^,]+/, '"value":NaN') },
  { group: 'malformed', reason: 'invalid_json', description: 'Infinity as a bare value (not JSON)', build: (c) => temperatureText(c, /"value":[^,]+/, '"value":Infinity') },
  { group: 'malformed', reason: 'invalid_json', description: '-Infinity as a bare value (not JSON)', build: (c) => temperatureText(c, /"value":[^,]+/, '"value":-Infinity') },
  { group: 'malformed', reason: 'invalid_json', description: 'single-quoted keys and strings', build: (c) => temperatureText(c, /"/g, "'") },
  { group: 'malformed', reason: 'invalid_json', description: 'trailing comma before the closing brace', build: (c) => temperatureText(c, /}$/, ',}') },
  { group: 'malformed', reason: 'invalid_json', description: 'two JSON objects back to back', build: (c) => { const r = room(c, 'temperature'); const text = JSON.stringify(r.body); return { topic: r.topic, payload: text + text }; } },
  { group: 'malformed', reason: 'invalid_json', description: 'a comment before the object', build: (c) => { const r = room(c, 'temperature'); return { topic: r.topic, payload: `// reading\n${JSON.stringify(r.body)}` }; } },
  { group: 'malformed', reason: 'invalid_json', description: 'empty payload', build: (c) => ({ topic: room(c, 'temperature').topic, payload: '' }) },
  { group: 'malformed', reason: 'invalid_json', description: 'plain text instead of JSON', build: (c) => ({ topic: room(c, 'temperature').topic, payload: 'temperature=21.5' }) },
  { group: 'malformed', reason: 'invalid_json', description: 'binary garbage (not UTF-8)', build: (c) => ({ topic: room(c, 'temperature').topic, payload: garbage(c.random, 48) }) },
  { group: 'malformed', reason: 'invalid_json', description: 'valid JSON text except for an invalid UTF-8 byte sequence inside roomId', build: invalidUtf8InString },
];

const schema: HostileCase[] = [
  { group: 'malformed', reason: 'schema', description: 'a JSON array instead of an object', build: (c) => { const r = room(c, 'temperature'); return { topic: r.topic, payload: [r.body] }; } },
  { group: 'malformed', reason: 'schema', description: 'a JSON string instead of an object', build: (c) => ({ topic: room(c, 'temperature').topic, payload: JSON.stringify('temp 21.5') }) },
  { group: 'malformed', reason: 'schema', description: 'a JSON number instead of an object', build: (c) => ({ topic: room(c, 'temperature').topic, payload: 21.5 }) },
  { group: 'malformed', reason: 'schema', description: 'JSON null instead of an object', build: (c) => ({ topic: room(c, 'temperature').topic, payload: null }) },
  { group: 'malformed', reason: 'schema', description: 'an empty object', build: (c) => ({ topic: room(c, 'temperature').topic, payload: {} }) },
  { group: 'malformed', reason: 'schema', description: 'value is a string ("21.5")', build: (c) => temperatureWith(c, 'value', '21.5') },
  { group: 'malformed', reason: 'schema', description: 'value is null', build: (c) => temperatureWith(c, 'value', null) },
  { group: 'malformed', reason: 'schema', description: 'value is a boolean', build: (c) => temperatureWith(c, 'value', true) },
  { group: 'hostile', reason: 'schema', description: 'value is a query operator object {"$gt":0}', build: (c) => temperatureWith(c, 'value', { $gt: 0 }) },
  { group: 'hostile', reason: 'schema', description: 'value 1e309 (JSON parses it to Infinity, not a finite number)', build: (c) => temperatureText(c, /"value":[^,]+/, '"value":1e309') },
  { group: 'malformed', reason: 'schema', description: 'ts is an ISO date string', build: (c) => temperatureWith(c, 'ts', new Date(c.ts).toISOString()) },
  { group: 'malformed', reason: 'schema', description: 'deviceId is a number', build: (c) => temperatureWith(c, 'deviceId', 42) },
  { group: 'malformed', reason: 'schema', description: 'kind is a number', build: (c) => temperatureWith(c, 'kind', 1) },
  { group: 'malformed', reason: 'schema', description: 'roomId is a number', build: (c) => temperatureWith(c, 'roomId', 1) },
  { group: 'malformed', reason: 'schema', description: 'solar powerW is a string', build: (c) => { const r = solar(c); return { topic: r.topic, payload: { ...r.body, powerW: '4200.5' } }; } },
  { group: 'malformed', reason: 'schema', description: 'required field value is missing', build: (c) => temperatureWith(c, 'value', undefined) },
  { group: 'malformed', reason: 'schema', description: 'ts is a string', build: (c) => temperatureWith(c, 'ts', '2022-01-01T00:00:00Z') },
  { group: 'malformed', reason: 'schema', description: 'required field deviceId is missing', build: (c) => temperatureWith(c, 'deviceId', undefined) },
  { group: 'malformed', reason: 'schema', description: 'required field kind is missing', build: (c) => temperatureWith(c, 'kind', undefined) },
];

const invalidIdentifier: HostileCase[] = [
  { group: 'hostile', reason: 'invalid_identifier', description: 'line-protocol injection in deviceId "a,b=c d" (topic and payload)', build: (c) => identifierCase(c, `a,b=c d${c.tag}`) },
  { group: 'hostile', reason: 'invalid_identifier', description: `SQL injection in deviceId "'; DROP TABLE x;--" (topic and payload)`, build: (c) => identifierCase(c, `'; DROP TABLE x;--${c.tag}`) },
  { group: 'hostile', reason: 'invalid_identifier', description: 'newline and a forged line-protocol line in roomId', build: (c) => temperatureWith(c, 'roomId', `room${c.room}\nweather,site=x value=1`) },
  { group: 'hostile', reason: 'invalid_identifier', description: 'NUL character in roomId', build: (c) => temperatureWith(c, 'roomId', `room\u0000${c.room}`) },
  { group: 'hostile', reason: 'invalid_identifier', description: 'double quote in roomId', build: (c) => temperatureWith(c, 'roomId', `room"${c.room}`) },
  { group: 'hostile', reason: 'invalid_identifier', description: 'MQTT wildcard # in roomId', build: (c) => temperatureWith(c, 'roomId', `room#${c.room}`) },
  { group: 'hostile', reason: 'invalid_identifier', description: 'deviceId of 65 characters (topic and payload)', build: (c) => identifierCase(c, `t${'x'.repeat(64)}${c.tag}`) },
  { group: 'hostile', reason: 'invalid_identifier', description: 'deviceId starting with "-" (topic and payload)', build: (c) => identifierCase(c, `-temp-${c.room}`) },
  { group: 'hostile', reason: 'invalid_identifier', description: 'deviceId starting with "." (topic and payload)', build: (c) => identifierCase(c, `.temp-${c.room}`) },
  { group: 'hostile', reason: 'invalid_identifier', description: 'non-ASCII letter in deviceId "tëmp" (topic and payload)', build: (c) => identifierCase(c, `tëmp-${c.room}`) },
  { group: 'hostile', reason: 'invalid_identifier', description: 'space and SQL in the site level of the topic', build: (c) => { const r = room(c, 'temperature'); return { topic: r.topic.replace(`building/${c.site}/`, `building/${c.site} OR 1=1/`), payload: r.body }; } },
];

const unknownKind: HostileCase[] = [
  { group: 'hostile', reason: 'unknown_kind', description: 'kind "pressure" (topic and payload)', build: (c) => unknownKindCase(c, 'pressure', 'hPa', 1013) },
  { group: 'hostile', reason: 'unknown_kind', description: 'kind "radiation" (topic and payload)', build: (c) => unknownKindCase(c, 'radiation', 'uSv', 0.1) },
  { group: 'hostile', reason: 'unknown_kind', description: 'kind "temperatures" (topic and payload)', build: (c) => unknownKindCase(c, 'temperatures', '°C', 21.5) },
];

const topicMismatch: HostileCase[] = [
  { group: 'hostile', reason: 'topic_mismatch', description: 'temperature reading published on the humidity topic', build: (c) => { const r = room(c, 'temperature'); return { topic: topicFor(c.site, 'humidity', r.body.deviceId as string), payload: r.body }; } },
  { group: 'hostile', reason: 'topic_mismatch', description: "another device's reading published on this device's topic", build: (c) => { const r = room(c, 'temperature'); return { topic: topicFor(c.site, 'temperature', roomDeviceId('temperature', c.room + 1)), payload: r.body }; } },
];

const invalidUnit: HostileCase[] = [
  { group: 'hostile', reason: 'invalid_unit', description: 'temperature with unit "%"', build: (c) => temperatureWith(c, 'unit', '%') },
  { group: 'hostile', reason: 'invalid_unit', description: 'temperature with unit "C,x=1" (injection)', build: (c) => temperatureWith(c, 'unit', 'C,x=1') },
  { group: 'hostile', reason: 'invalid_unit', description: 'humidity with unit "°C"', build: (c) => withField(room(c, 'humidity'), 'unit', '°C') },
  { group: 'hostile', reason: 'invalid_unit', description: 'co2 with unit "lux"', build: (c) => withField(room(c, 'co2'), 'unit', 'lux') },
  { group: 'hostile', reason: 'invalid_unit', description: 'light with unit "ppm"', build: (c) => withField(room(c, 'light'), 'unit', 'ppm') },
];

const outOfRange: HostileCase[] = [
  { group: 'hostile', reason: 'out_of_range', description: 'humidity 140 %', build: (c) => withField(room(c, 'humidity'), 'value', 140) },
  { group: 'hostile', reason: 'out_of_range', description: 'humidity -5 %', build: (c) => withField(room(c, 'humidity'), 'value', -5) },
  { group: 'hostile', reason: 'out_of_range', description: 'temperature 1e6 °C', build: (c) => temperatureWith(c, 'value', 1e6) },
  { group: 'hostile', reason: 'out_of_range', description: 'temperature 100.1 °C (just over the limit)', build: (c) => temperatureWith(c, 'value', 100.1) },
  { group: 'hostile', reason: 'out_of_range', description: 'temperature -60 °C', build: (c) => temperatureWith(c, 'value', -60) },
  { group: 'hostile', reason: 'out_of_range', description: 'co2 -1 ppm', build: (c) => withField(room(c, 'co2'), 'value', -1) },
  { group: 'hostile', reason: 'out_of_range', description: 'co2 50000 ppm', build: (c) => withField(room(c, 'co2'), 'value', 50_000) },
  { group: 'hostile', reason: 'out_of_range', description: 'light 250000 lux', build: (c) => withField(room(c, 'light'), 'value', 250_000) },
  { group: 'hostile', reason: 'out_of_range', description: 'light -3 lux', build: (c) => withField(room(c, 'light'), 'value', -3) },
  { group: 'hostile', reason: 'out_of_range', description: 'solar voltage 2000 V', build: (c) => withField(solar(c), 'voltage', 2000, { current: 2.1 }) },
  { group: 'hostile', reason: 'out_of_range', description: 'solar current 2500 A', build: (c) => withField(solar(c), 'current', 2500) },
  { group: 'hostile', reason: 'out_of_range', description: 'solar power -100 W', build: (c) => withField(solar(c), 'powerW', -100, { current: 0 }) },
];

const timestampSkew: HostileCase[] = [
  { group: 'hostile', reason: 'timestamp_skew', description: 'ts in 1970 (86400000)', build: (c) => temperatureWith(c, 'ts', DAY_MS) },
  { group: 'hostile', reason: 'timestamp_skew', description: 'ts in 2200', build: (c) => temperatureWith(c, 'ts', Date.UTC(2200, 0, 1)) },
  { group: 'hostile', reason: 'timestamp_skew', description: 'ts in seconds instead of milliseconds', build: (c) => temperatureWith(c, 'ts', Math.floor(c.ts / 1000)) },
  { group: 'hostile', reason: 'timestamp_skew', description: 'ts 10 minutes in the future', build: (c) => temperatureWith(c, 'ts', c.ts + 10 * MINUTE_MS) },
  { group: 'hostile', reason: 'timestamp_skew', description: 'ts 8 days in the past', build: (c) => temperatureWith(c, 'ts', c.ts - 8 * DAY_MS) },
];

/** Every case, in the order of CONTRACT_VIOLATIONS. */
export const HOSTILE_CASES: readonly HostileCase[] = [
  ...tooLarge, ...invalidTopic, ...invalidJson, ...schema, ...invalidIdentifier,
  ...unknownKind, ...topicMismatch, ...invalidUnit, ...outOfRange, ...timestampSkew,
];

function withField(reading: { topic: string; body: Body }, field: string, value: unknown, extra: Body = {}): Built {
  return { topic: reading.topic, payload: { ...reading.body, [field]: value, ...extra } };
}

function unknownKindCase(ctx: CaseContext, kind: string, unit: string, value: number): Built {
  const deviceId = `${kind.slice(0, 5)}-${ctx.room}`;
  const body = { deviceId, kind, value, unit, roomId: `room${ctx.room}`, ts: ctx.ts };
  return { topic: topicFor(ctx.site, kind, deviceId), payload: body };
}

function invalidUtf8InString(ctx: CaseContext): Built {
  const { topic, body } = room(ctx, 'temperature');
  const [before, after] = JSON.stringify({ ...body, roomId: '@ROOM@' }).split('@ROOM@') as [string, string];
  // 0xC3 0x28: a two-byte lead followed by an ASCII byte, never valid UTF-8.
  return { topic, payload: Buffer.concat([Buffer.from(`${before}room`), Buffer.from([0xc3, 0x28]), Buffer.from(after)]) };
}

/** Random bytes that start with 0xFF, which never appears in UTF-8. */
function garbage(random: Random, length: number): Buffer {
  const bytes = Buffer.alloc(length);
  for (let i = 0; i < length; i++) bytes[i] = Math.floor(random() * 256);
  bytes[0] = 0xff;
  return bytes;
}
