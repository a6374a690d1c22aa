/**
 * The message contract as a checker of its own, apart from the bridge's validator: the rules and
 * their order as the simulator's README lists them (size, topic, JSON, schema, identifiers, kind,
 * topic match, unit, range, timestamp). It proves that each simulated hostile message breaks
 * exactly the one rule it is labelled with, and that good readings break none.
 */
import type { RejectionReason } from '../../src/model/rejection.js';
import { DEFAULT_PIPELINE_OPTIONS } from '../../src/pipeline/options.js';

const KINDS = ['temperature', 'humidity', 'co2', 'light', 'solar', 'switch'];
const IDENTIFIER = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;
const ACCEPTED_UNITS: Record<string, string[]> = {
  temperature: ['°C', 'C', 'celsius'],
  humidity: ['%'],
  co2: ['ppm'],
  light: ['lux', 'lx'],
};
const VALUE_RANGES: Record<string, [number, number]> = {
  temperature: [-50, 100],
  humidity: [0, 100],
  co2: [0, 40_000],
  light: [0, 200_000],
};
// The limits are the bridge's defaults (the rules above are this checker's own).
const { maxPayloadBytes: MAX_PAYLOAD_BYTES, maxFutureSkewMs: MAX_FUTURE_MS, maxPastAgeMs: MAX_PAST_MS } = DEFAULT_PIPELINE_OPTIONS;

type Body = Record<string, unknown>;

/** Every contract check the message fails, in the bridge's order; checks that cannot apply are skipped. */
export function failingChecks(topic: string, payload: Buffer, now: number, maxBytes = MAX_PAYLOAD_BYTES): RejectionReason[] {
  const failed: RejectionReason[] = [];
  if (payload.length > maxBytes) failed.push('too_large');
  const levels = topic.split('/');
  const topicOk = levels.length === 4 && levels[0] === 'building';
  // A topic under another first level belongs to no profile of the bridge's; under building/ it is misshapen.
  if (!topicOk) failed.push(levels[0] === 'building' ? 'invalid_topic' : 'no_profile');
  const body = parse(payload);
  if (body === undefined) return [...failed, 'invalid_json'];
  if (!isObject(body) || !schemaOk(body)) return [...failed, 'schema'];
  if (!identifiersOk(body, topicOk ? levels : undefined)) failed.push('invalid_identifier');
  if (!KINDS.includes(body.kind as string)) failed.push('unknown_kind');
  if (topicOk && (levels[2] !== body.kind || levels[3] !== body.deviceId)) failed.push('topic_mismatch');
  if (!unitOk(body)) failed.push('invalid_unit');
  if (!rangeOk(body)) failed.push('out_of_range');
  const ts = body.ts as number;
  if (ts > now + MAX_FUTURE_MS || ts < now - MAX_PAST_MS) failed.push('timestamp_skew');
  return failed;
}

/** The reason the bridge gives: the first failing check. */
export function classify(topic: string, payload: Buffer, now: number, maxBytes = MAX_PAYLOAD_BYTES): RejectionReason | 'accepted' {
  return failingChecks(topic, payload, now, maxBytes)[0] ?? 'accepted';
}

function parse(payload: Buffer): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payload));
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Body {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const isFiniteNumber = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
const optional = (v: unknown, test: (v: unknown) => boolean) => v === undefined || test(v);

function schemaOk(body: Body): boolean {
  const needsValue = body.kind !== 'solar' && body.kind !== 'switch';
  return (
    typeof body.deviceId === 'string' &&
    typeof body.kind === 'string' &&
    isFiniteNumber(body.ts) &&
    (needsValue ? isFiniteNumber(body.value) : optional(body.value, isFiniteNumber)) &&
    optional(body.unit, (v) => typeof v === 'string') &&
    optional(body.roomId, (v) => typeof v === 'string') &&
    ['powerW', 'voltage', 'current'].every((field) => optional(body[field], isFiniteNumber)) &&
    optional(body.on, (v) => typeof v === 'boolean')
  );
}

function identifiersOk(body: Body, levels: string[] | undefined): boolean {
  const ids = [body.deviceId, body.kind, ...(body.roomId === undefined ? [] : [body.roomId]), ...(levels?.slice(1) ?? [])];
  return ids.every((id) => IDENTIFIER.test(id as string));
}

function unitOk(body: Body): boolean {
  const accepted = ACCEPTED_UNITS[body.kind as string];
  return body.unit === undefined || accepted === undefined || accepted.includes(body.unit as string);
}

function rangeOk(body: Body): boolean {
  const within = (v: unknown, min: number, max: number) => v === undefined || ((v as number) >= min && (v as number) <= max);
  const range = VALUE_RANGES[body.kind as string];
  return (
    (range === undefined || within(body.value, range[0], range[1])) &&
    within(body.voltage, 0, 1500) &&
    within(body.current, 0, 2000) &&
    within(body.powerW, 0, Infinity)
  );
}
