import type { StageResult } from '../model/rejection.js';
import type { FieldProfile, KindProfile, Profile, UnitConversion } from '../profiles/types.js';
import type { JsonObject } from './decode.js';
import { compileMeasurement, compileTag, type MessageInput } from './identity.js';
import { compilePath, isNullAt, read, schema } from './payload.js';
import { compileTimestamp, type TimestampWindow } from './timestamp.js';
import { IDENTITY, resolveUnit } from './units.js';
import { describeValue } from './text.js';

/** One field as the device sent it: right type, unit recognised, not yet converted or range-checked. */
export interface RawField {
  spec: FieldProfile;
  value: number | boolean | string;
  unit: UnitConversion;
}

/** A message whose shape, identifiers, measurement and time are known to be right. */
export interface ValidMessage {
  /** The measurement and its fields. */
  profile: KindProfile;
  site: string;
  device: string;
  /** Every InfluxDB tag: `site`, the device's tag, and the profile's others that the message has. */
  tags: Record<string, string>;
  ts: number;
  fields: RawField[];
}

export interface ValidateContext {
  window: TimestampWindow;
  receivedAt: number;
}

/** A profile's checks, compiled: identifiers, topic ↔ payload consistency, field types, unit, timestamp. */
export type MessageValidator = (input: MessageInput, ctx: ValidateContext) => StageResult<ValidMessage>;

/** Site and device first, then the measurement, the other tags, the fields, the time: the first problem is the reason. */
export function compileValidator(profile: Profile): MessageValidator {
  const readSite = compileTag(profile.tags.find((t) => t.name === 'site')!);
  const readDevice = compileTag(profile.tags.find((t) => t.name === profile.deviceTag)!);
  const others = profile.tags.filter((t) => t.name !== 'site' && t.name !== profile.deviceTag).map((t) => [t.name, compileTag(t)] as const);
  const resolveKind = compileMeasurement(profile);
  const fieldsOf = new Map(profile.kinds.map((kind) => [kind, compileFields(kind, profile.unitKey)]));
  const readTimestamp = compileTimestamp(profile.timestamp);
  const deviceTag = profile.deviceTag;
  return (input, ctx) => {
    const site = readSite(input);
    if (!site.ok) return site;
    const device = readDevice(input);
    if (!device.ok) return device;
    const kind = resolveKind(input);
    if (!kind.ok) return kind;
    const tags: Record<string, string> = { site: site.value!, [deviceTag]: device.value! };
    for (const [name, readTag] of others) {
      const tag = readTag(input);
      if (!tag.ok) return tag;
      if (tag.value !== undefined) tags[name] = tag.value;
    }
    const fields = fieldsOf.get(kind.value)!(input.payload);
    if (!fields.ok) return fields;
    const ts = readTimestamp(input.payload, ctx.receivedAt, ctx.window);
    if (!ts.ok) return ts;
    return { ok: true, value: { profile: kind.value, site: site.value!, device: device.value!, tags, ts: ts.value, fields: fields.value } };
  };
}

/** The fields a detail may list before it says how many more there are. */
const LISTED_FIELDS = 8;

function compileFields(kind: KindProfile, unitKey: string | undefined): (payload: JsonObject) => StageResult<RawField[]> {
  const readers = kind.fields.map((spec) => compileField(kind, spec, unitKey));
  const keys = kind.fields.map((f) => f.keys.join(' or '));
  const listed = keys.length > LISTED_FIELDS ? `${keys.slice(0, LISTED_FIELDS).join(', ')} and ${keys.length - LISTED_FIELDS} more` : keys.join(', ');
  const none = `a ${kind.kind} reading needs at least one of these fields: ${listed}.`;
  return (payload) => {
    const fields: RawField[] = [];
    for (const readField of readers) {
      const field = readField(payload);
      if (!field.ok) return field;
      if (field.value) fields.push(field.value);
    }
    if (fields.length === 0) return schema(none);
    return { ok: true, value: fields };
  };
}

function compileField(kind: KindProfile, spec: FieldProfile, unitKey: string | undefined): (payload: JsonObject) => StageResult<RawField | undefined> {
  const keys = spec.keys.map((key) => [key, compilePath(key)] as const);
  const checkType = compileType(spec);
  const expected = describeType(spec);
  return (payload) => {
    let key: string | undefined;
    let value: unknown;
    for (const [candidate, reader] of keys) {
      value = reader(payload);
      if (value !== undefined) {
        key = candidate;
        break;
      }
    }
    if (key === undefined) {
      if (!spec.required) return { ok: true, value: undefined };
      const nullKey = spec.keys.find((k) => isNullAt(payload, k));
      if (nullKey !== undefined) return schema(`field "${nullKey}" must be ${expected}, got null.`);
      return schema(`field "${spec.keys[0]}" (${expected}) is required for ${kind.kind} but missing.`);
    }
    const typed = checkType(key, value);
    if (!typed.ok) return typed;
    const unit = spec.units && unitKey !== undefined ? resolveUnit(spec, read(payload, unitKey)) : UNIT_IDENTITY;
    if (!unit.ok) return unit;
    return { ok: true, value: { spec, value: typed.value, unit: unit.value } };
  };
}

const UNIT_IDENTITY: StageResult<UnitConversion> = { ok: true, value: IDENTITY };

/** Strings are stored as InfluxDB string fields: no control characters, and a length limit. */
const DEFAULT_MAX_STRING = 256;
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

type TypeCheck = (key: string, value: unknown) => StageResult<number | boolean | string>;

function compileType(spec: FieldProfile): TypeCheck {
  const wrongType = (key: string, value: unknown) => schema(`field "${key}" must be ${describeType(spec)}, got ${describeValue(value)}.`);
  switch (spec.type) {
    case 'number':
    case 'integer':
      return (key, value) => {
        if (typeof value !== 'number') return wrongType(key, value);
        if (!Number.isFinite(value)) return schema(`field "${key}" must be a finite number.`);
        if (spec.type === 'integer' && !Number.isSafeInteger(value)) return wrongType(key, value);
        return { ok: true, value };
      };
    case 'boolean': {
      const meaning = new Map<unknown, boolean>([...(spec.trueValues ?? []).map((v) => [v, true] as const), ...(spec.falseValues ?? []).map((v) => [v, false] as const)]);
      return (key, value) => {
        if (typeof value === 'boolean') return { ok: true, value };
        const meant = meaning.get(value);
        return meant === undefined ? wrongType(key, value) : { ok: true, value: meant };
      };
    }
    case 'string': {
      const maxLength = spec.maxLength ?? DEFAULT_MAX_STRING;
      return (key, value) => {
        if (typeof value !== 'string') return wrongType(key, value);
        if (CONTROL_CHARACTER.test(value)) return schema(`field "${key}" must be text without control characters (such as a line break).`);
        const length = Array.from(value).length;
        if (length > maxLength) return schema(`field "${key}" is ${length} characters long, more than the ${maxLength} allowed.`);
        return { ok: true, value };
      };
    }
  }
}

function describeType(spec: FieldProfile): string {
  switch (spec.type) {
    case 'number':
      return 'a number';
    case 'integer':
      return 'an integer';
    case 'string':
      return 'a string';
    case 'boolean': {
      const others = [...(spec.trueValues ?? []), ...(spec.falseValues ?? [])];
      return others.length === 0 ? 'a boolean (true or false)' : `a boolean (true or false, or ${others.map((v) => JSON.stringify(v)).join(' / ')})`;
    }
  }
}
