/**
 * Messages made from a profile file alone, so the fuzz and hostile suites run over every shipped
 * profile (and any added later) without knowing its family: a good reading, and bad ones that each
 * break exactly one rule, labelled with the reason the bridge must give.
 */
import type { RejectionReason } from '../../src/model/rejection.js';
import { payloadPaths, type FieldProfile, type Profile } from '../../src/profiles/index.js';

export interface ProfileMessage {
  /** The MQTT topic, for a profile with a topic pattern. */
  topic?: string;
  /** The HTTP route and request parameters, for a profile with a route. */
  route?: string;
  params: Record<string, string>;
  payload: Record<string, unknown>;
}

/** A reading the profile accepts: every tag and field at a plausible value, stamped `ts` when the profile reads a time. */
export function sampleMessage(profile: Profile, ts: number, device = 'dev-1'): ProfileMessage {
  const kind = profile.kinds[0]!;
  const payload: Record<string, unknown> = {};
  const levels: Record<string, string> = {};
  const params: Record<string, string> = {};
  for (const tag of profile.tags) {
    const value = tag.name === profile.deviceTag ? device : tag.name === 'site' ? 'demo' : `${tag.name}-1`;
    if (tag.segment !== undefined) levels[tag.segment] = value;
    if (tag.param !== undefined) params[tag.param] = value;
    if (tag.path !== undefined) setPath(payload, tag.path, tag.type === 'integer' ? (tag.range?.[0] ?? 1) : value);
  }
  const { segment, path } = profile.measurement;
  if (segment !== undefined) levels[segment] = kind.kind;
  if (path !== undefined) setPath(payload, path, kind.kind);
  for (const field of kind.fields) setPath(payload, field.keys[0]!, sampleValue(field));
  if (profile.timestamp) setPath(payload, profile.timestamp.path, profile.timestamp.format === 'iso8601' ? new Date(ts).toISOString() : ts);
  const message: ProfileMessage = { params, payload };
  if (profile.topic !== undefined) message.topic = fill(profile.topic, levels);
  if (profile.route !== undefined) message.route = profile.route;
  return message;
}

/** Every payload key the profile reads or ignores, top level: where the fuzz suites aim their hostile values. */
export function profileKeys(profile: Profile): string[] {
  return [...new Set(payloadPaths(profile).map((p) => p.split('.')[0]!))];
}

export interface HostileProfileCase {
  reason: RejectionReason;
  description: string;
  topic: string;
  payload: Buffer;
}

/**
 * For an MQTT profile: one message per rule it can break, each with exactly that one thing wrong.
 * `maxPayloadBytes` is the bridge's limit, for the oversized case.
 */
export function hostileCases(profile: Profile, ts: number, device: string, maxPayloadBytes: number): HostileProfileCase[] {
  const good = sampleMessage(profile, ts, device);
  const topic = good.topic!;
  const text = (payload: unknown) => Buffer.from(JSON.stringify(payload));
  const fields = profile.kinds[0]!.fields;
  const cases: HostileProfileCase[] = [
    { reason: 'too_large', description: 'a payload over the size limit', topic, payload: text({ ...good.payload, pad: 'x'.repeat(maxPayloadBytes) }) },
    { reason: 'invalid_json', description: 'JSON cut off', topic, payload: text(good.payload).subarray(0, 12) },
    { reason: 'invalid_topic', description: 'a level too many', topic: `${topic}/extra`, payload: text(good.payload) },
  ];
  const numeric = fields.find((f) => f.type === 'number' || f.type === 'integer');
  if (numeric) {
    cases.push({ reason: 'schema', description: `${numeric.field} as text`, topic, payload: text(withPath(good.payload, numeric.keys[0]!, 'text')) });
  }
  const ranged = fields.find((f) => f.range !== undefined);
  if (ranged) {
    const beyond = ranged.range![1] + Math.max(1, Math.abs(ranged.range![1]));
    cases.push({ reason: 'out_of_range', description: `${ranged.field} beyond its range`, topic, payload: text(withPath(good.payload, ranged.keys[0]!, beyond)) });
  }
  const deviceLevel = profile.tags.find((t) => t.name === profile.deviceTag)?.segment;
  if (deviceLevel !== undefined) {
    const hostile = 'x,y=z';
    const badTopic = topic.split('/').map((level) => (level === device ? hostile : level)).join('/');
    const payload = profile.tags.some((t) => t.segment === deviceLevel && t.path !== undefined) ? replaceValue(good.payload, device, hostile) : good.payload;
    cases.push({ reason: 'invalid_identifier', description: 'a device id that would inject a tag', topic: badTopic, payload: text(payload) });
  }
  if (profile.timestamp) {
    const stale = profile.timestamp.format === 'iso8601' ? '2001-01-01T00:00:00Z' : Math.floor(ts / 1000);
    cases.push({ reason: 'timestamp_skew', description: 'a time the bridge cannot accept', topic, payload: text(withPath(good.payload, profile.timestamp.path, stale)) });
  }
  return cases;
}

function sampleValue(field: FieldProfile): unknown {
  switch (field.type) {
    case 'boolean':
      return true;
    case 'string':
      return 'ok';
    default: {
      const [low, high] = field.plausible ?? field.range ?? [0, 2];
      const middle = low + (high - low) / 2;
      return field.type === 'integer' ? Math.round(middle) : middle;
    }
  }
}

function fill(pattern: string, levels: Record<string, string>): string {
  return pattern.replace(/\{(\w+)\}/g, (_, name: string) => levels[name] ?? 'x');
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let at = target;
  for (const key of keys.slice(0, -1)) at = (at[key] ??= {}) as Record<string, unknown>;
  at[keys.at(-1)!] = value;
}

function withPath(payload: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const copy = structuredClone(payload);
  setPath(copy, path, value);
  return copy;
}

function replaceValue(payload: Record<string, unknown>, from: string, to: string): Record<string, unknown> {
  return JSON.parse(JSON.stringify(payload).replaceAll(JSON.stringify(from), JSON.stringify(to))) as Record<string, unknown>;
}
