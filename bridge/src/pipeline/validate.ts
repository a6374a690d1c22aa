import type { StageRejection, StageResult } from '../model/rejection.js';
import type { FieldProfile, KindProfile, UnitConversion } from './profiles.js';
import type { ProfileRegistry } from './profile-registry.js';
import type { JsonObject } from './decode.js';
import type { TopicParts } from './topic.js';
import { checkIdentifier } from './identifiers.js';
import { resolveTimestamp, type TimestampWindow } from './timestamp.js';
import { resolveUnit } from './units.js';
import { describeValue, quote } from './text.js';

/** One field as the device sent it: right type, unit recognised, not yet converted or range-checked. */
export interface RawField {
  spec: FieldProfile;
  value: number | boolean;
  unit: UnitConversion;
}

/** A message whose shape, identifiers, kind and time are known to be right. */
export interface ValidMessage {
  profile: KindProfile;
  site: string;
  device: string;
  room?: string;
  ts: number;
  fields: RawField[];
}

export interface ValidateContext {
  registry: ProfileRegistry;
  window: TimestampWindow;
  receivedAt: number;
}

type Result<T> = StageResult<T>;

/** Identifiers, topic↔payload consistency, field types per profile, unit, timestamp. */
export function validateMessage(topic: TopicParts, payload: JsonObject, ctx: ValidateContext): Result<ValidMessage> {
  const site = checkIdentifier('topic site', topic.site);
  if (!site.ok) return site;
  const device = checkDevice(topic, payload);
  if (!device.ok) return device;
  const profile = checkKind(topic, payload, ctx.registry);
  if (!profile.ok) return profile;
  const room = checkRoom(payload);
  if (!room.ok) return room;
  const fields = readFields(profile.value, payload);
  if (!fields.ok) return fields;
  const ts = resolveTimestamp(read(payload, 'ts'), ctx.receivedAt, ctx.window);
  if (!ts.ok) return ts;
  const message: ValidMessage = { profile: profile.value, site: site.value, device: device.value, ts: ts.value, fields: fields.value };
  if (room.value !== undefined) message.room = room.value;
  return { ok: true, value: message };
}

/** An own property only (never Object.prototype's), with null read as absent. */
export function read(payload: JsonObject, key: string): unknown {
  if (!Object.hasOwn(payload, key)) return undefined;
  const value = payload[key];
  return value === null ? undefined : value;
}

function checkDevice(topic: TopicParts, payload: JsonObject): Result<string> {
  const fromTopic = checkIdentifier('topic deviceId', topic.deviceId);
  if (!fromTopic.ok) return fromTopic;
  const raw = requiredString(payload, 'deviceId');
  if (!raw.ok) return raw;
  const fromPayload = checkIdentifier('payload deviceId', raw.value);
  if (!fromPayload.ok) return fromPayload;
  if (fromPayload.value !== fromTopic.value) {
    return mismatch(`topic deviceId ${quote(fromTopic.value)} does not match payload deviceId ${quote(fromPayload.value)}.`);
  }
  return fromTopic;
}

function checkKind(topic: TopicParts, payload: JsonObject, registry: ProfileRegistry): Result<KindProfile> {
  const fromTopic = knownKind('topic kind', topic.kind, registry);
  if (!fromTopic.ok) return fromTopic;
  const raw = requiredString(payload, 'kind');
  if (!raw.ok) return raw;
  const fromPayload = knownKind('payload kind', raw.value, registry);
  if (!fromPayload.ok) return fromPayload;
  if (fromPayload.value !== fromTopic.value) {
    return mismatch(`topic kind ${quote(topic.kind)} does not match payload kind ${quote(raw.value)}.`);
  }
  return fromTopic;
}

function knownKind(what: string, kind: string, registry: ProfileRegistry): Result<KindProfile> {
  const valid = checkIdentifier(what, kind);
  if (!valid.ok) return valid;
  const profile = registry.resolve(kind);
  if (profile) return { ok: true, value: profile };
  return reject('unknown_kind', `${what} ${quote(kind)} is not a known kind; known kinds: ${registry.kindList}.`);
}

function checkRoom(payload: JsonObject): Result<string | undefined> {
  const raw = read(payload, 'roomId');
  if (raw === undefined) return { ok: true, value: undefined };
  if (typeof raw !== 'string') return reject('schema', `field "roomId" must be a string, got ${describeValue(raw)}.`);
  return checkIdentifier('payload roomId', raw);
}

function readFields(profile: KindProfile, payload: JsonObject): Result<RawField[]> {
  const fields: RawField[] = [];
  for (const spec of profile.fields) {
    const field = readField(profile, spec, payload);
    if (!field.ok) return field;
    if (field.value) fields.push(field.value);
  }
  if (fields.length === 0) {
    const keys = profile.fields.map((f) => f.keys.join(' or ')).join(', ');
    return reject('schema', `a ${profile.kind} reading needs at least one of these fields: ${keys}.`);
  }
  return { ok: true, value: fields };
}

function readField(profile: KindProfile, spec: FieldProfile, payload: JsonObject): Result<RawField | undefined> {
  const key = spec.keys.find((k) => read(payload, k) !== undefined);
  if (key === undefined) {
    if (!spec.required) return { ok: true, value: undefined };
    const nullKey = spec.keys.find((k) => Object.hasOwn(payload, k));
    if (nullKey !== undefined) return reject('schema', `field "${nullKey}" must be ${describeType(spec)}, got null.`);
    return reject('schema', `field "${spec.keys[0]}" (${describeType(spec)}) is required for ${profile.kind} but missing.`);
  }
  const value = read(payload, key);
  if (!hasType(spec, value)) return reject('schema', `field "${key}" must be ${describeType(spec)}, got ${describeValue(value)}.`);
  if (typeof value === 'number' && !Number.isFinite(value)) return reject('schema', `field "${key}" must be a finite number.`);
  const unit = resolveUnit(spec, read(payload, 'unit'));
  if (!unit.ok) return unit;
  return { ok: true, value: { spec, value, unit: unit.value } };
}

function hasType(spec: FieldProfile, value: unknown): value is number | boolean {
  return typeof value === spec.type;
}

function describeType(spec: FieldProfile): string {
  return spec.type === 'boolean' ? 'a boolean (true or false)' : 'a number';
}

function requiredString(payload: JsonObject, key: string): Result<string> {
  const value = read(payload, key);
  if (value === undefined && Object.hasOwn(payload, key)) return reject('schema', `field "${key}" must be a string, got null.`);
  if (value === undefined) return reject('schema', `field "${key}" (a string) is required but missing.`);
  if (typeof value !== 'string') return reject('schema', `field "${key}" must be a string, got ${describeValue(value)}.`);
  return { ok: true, value };
}

function mismatch(detail: string): Result<never> {
  return reject('topic_mismatch', detail);
}

function reject(reason: StageRejection['reason'], detail: string): Result<never> {
  return { ok: false, rejection: { reason, detail } };
}
