import type { StageResult } from '../model/rejection.js';
import type { KindProfile, Profile, TagSpec } from '../profiles/types.js';
import type { JsonObject } from './decode.js';
import { checkIdentifier, isIdentifier } from './identifiers.js';
import { compilePath, isNullAt, requiredString, schema } from './payload.js';
import { describeValue, formatNumber, formatRange, quote } from './text.js';
import type { TopicLevels } from './topic.js';

/** Request parameters of an HTTP reading (e.g. `?device=plug-7`); untrusted, like the payload. */
export type RequestParams = Readonly<Record<string, unknown>>;

/** Everything a message brings: its topic's named levels (none over HTTP), its request parameters (none over MQTT), its payload. */
export interface MessageInput {
  levels: TopicLevels;
  params: RequestParams;
  payload: JsonObject;
}

export type InputReader<T> = (input: MessageInput) => StageResult<T>;

/**
 * One tag's rule, compiled. Each place a value is read from is named in the detail as an operator
 * would look for it: `topic deviceId`, `payload roomId`, `request device`.
 */
export function compileTag(tag: TagSpec): InputReader<string | undefined> {
  if (tag.type === 'integer') return compileIntegerTag(tag);
  const { segment, path, constant, param } = tag;
  if (segment !== undefined && path !== undefined) return compileAgreeingTag(segment, path);
  if (segment !== undefined) return (input) => checkIdentifier(`topic ${segment}`, input.levels[segment] ?? '');
  if (constant !== undefined) {
    const value: StageResult<string> = { ok: true, value: constant };
    return () => value;
  }
  if (param !== undefined) return (input) => readParam(input.params, param);
  return compilePayloadTag(path!, tag.optional);
}

/** The topic names it and the payload repeats it: both must be valid and equal (it is a tag: case matters). */
function compileAgreeingTag(segment: string, path: string): InputReader<string> {
  const reader = compilePath(path);
  return (input) => {
    const fromTopic = checkIdentifier(`topic ${segment}`, input.levels[segment] ?? '');
    if (!fromTopic.ok) return fromTopic;
    const raw = requiredString(input.payload, path, reader);
    if (!raw.ok) return raw;
    const fromPayload = checkIdentifier(`payload ${path}`, raw.value);
    if (!fromPayload.ok) return fromPayload;
    if (fromPayload.value !== fromTopic.value) {
      return mismatch(`topic ${segment} ${quote(fromTopic.value)} does not match payload ${path} ${quote(fromPayload.value)}.`);
    }
    return fromTopic;
  };
}

function compilePayloadTag(path: string, optional: boolean): InputReader<string | undefined> {
  const reader = compilePath(path);
  if (!optional) {
    return (input) => {
      const raw = requiredString(input.payload, path, reader);
      return raw.ok ? checkIdentifier(`payload ${path}`, raw.value) : raw;
    };
  }
  return (input) => {
    const raw = reader(input.payload);
    if (raw === undefined) return { ok: true, value: undefined };
    if (typeof raw !== 'string') return schema(`field "${path}" must be a string, got ${describeValue(raw)}.`);
    return checkIdentifier(`payload ${path}`, raw);
  };
}

/** A whole number from the payload (a plug's port), stored as its decimal text. */
function compileIntegerTag(tag: TagSpec): InputReader<string | undefined> {
  const path = tag.path!;
  const reader = compilePath(path);
  return (input) => {
    const raw = reader(input.payload);
    if (raw === undefined) {
      if (tag.optional) return { ok: true, value: undefined };
      if (isNullAt(input.payload, path)) return schema(`field "${path}" must be an integer, got null.`);
      return schema(`field "${path}" (an integer) is required but missing.`);
    }
    if (typeof raw !== 'number' || !Number.isSafeInteger(raw)) return schema(`field "${path}" must be an integer, got ${describeValue(raw)}.`);
    if (tag.range && (raw < tag.range[0] || raw > tag.range[1])) {
      return { ok: false, rejection: { reason: 'out_of_range', detail: `${tag.name} ${formatNumber(raw)} is outside the physical range ${formatRange(tag.range, undefined)}.` } };
    }
    return { ok: true, value: String(raw) };
  };
}

function readParam(params: RequestParams, name: string): StageResult<string> {
  const raw = Object.hasOwn(params, name) ? params[name] : undefined;
  if (raw === undefined || raw === '') return schema(`request parameter "${name}" is required but missing.`);
  if (typeof raw !== 'string') return schema(`request parameter "${name}" must be given once, as text.`);
  return checkIdentifier(`request ${name}`, raw);
}

/**
 * The device named by a message whose payload could not be read, for the rejection: only from the
 * topic or the request, and only when it is a valid identifier (it may become a label or log field).
 */
export function compileDeviceHint(tag: TagSpec): (input: Omit<MessageInput, 'payload'>) => string | undefined {
  const { segment, param } = tag;
  if (segment !== undefined) return ({ levels }) => identifierOrUndefined(levels[segment]);
  if (param !== undefined) return ({ params }) => identifierOrUndefined(Object.hasOwn(params, param) ? params[param] : undefined);
  return () => undefined;
}

function identifierOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' && isIdentifier(value) ? value : undefined;
}

/** Which of the profile's measurements a message is: a constant, or named by its topic and/or payload (name or alias, any case). */
export function compileMeasurement(profile: Profile): InputReader<KindProfile> {
  const { constant, segment, path } = profile.measurement;
  if (constant !== undefined) {
    const only: StageResult<KindProfile> = { ok: true, value: profile.kinds[0]! };
    return () => only;
  }
  const byName = new Map<string, KindProfile>();
  for (const kind of profile.kinds) for (const name of [kind.kind, ...kind.aliases]) byName.set(name.toLowerCase(), kind);
  const kindList = profile.kinds.map((k) => k.kind).join(', ');
  const known = (what: string, name: string): StageResult<KindProfile> => {
    const valid = checkIdentifier(what, name);
    if (!valid.ok) return valid;
    const kind = byName.get(name.toLowerCase());
    if (kind) return { ok: true, value: kind };
    return { ok: false, rejection: { reason: 'unknown_kind', detail: `${what} ${quote(name)} is not a known kind; known kinds: ${kindList}.` } };
  };
  const reader = path === undefined ? undefined : compilePath(path);
  const fromPayload = (payload: JsonObject): StageResult<{ raw: string; kind: KindProfile }> => {
    const raw = requiredString(payload, path!, reader!);
    if (!raw.ok) return raw;
    const kind = known(`payload ${path}`, raw.value);
    return kind.ok ? { ok: true, value: { raw: raw.value, kind: kind.value } } : kind;
  };
  if (segment === undefined) {
    return (input) => {
      const payload = fromPayload(input.payload);
      return payload.ok ? { ok: true, value: payload.value.kind } : payload;
    };
  }
  return (input) => {
    const name = input.levels[segment] ?? '';
    const fromTopic = known(`topic ${segment}`, name);
    if (!fromTopic.ok || path === undefined) return fromTopic;
    const payload = fromPayload(input.payload);
    if (!payload.ok) return payload;
    if (payload.value.kind !== fromTopic.value) {
      return mismatch(`topic ${segment} ${quote(name)} does not match payload ${path} ${quote(payload.value.raw)}.`);
    }
    return fromTopic;
  };
}

function mismatch(detail: string): StageResult<never> {
  return { ok: false, rejection: { reason: 'topic_mismatch', detail } };
}
