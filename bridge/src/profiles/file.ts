import type { RateLimitOptions } from '../pipeline/rate-limit.js';
import type { FieldProfile, KindProfile, Profile, StatusSpec, TagSpec, TimestampSpec, ValueSource } from './types.js';

/** A profile file as written, once it passed the schema (bridge/profiles/profile.schema.json). */
export interface ProfileFile {
  description?: string;
  topic?: string;
  route?: string;
  tags: Record<string, TagFile>;
  deviceTag?: string;
  measurement: string | { segment?: string; path?: string };
  fields?: Record<string, FieldFile>;
  measurements?: Record<string, { aliases?: string[]; fields: Record<string, FieldFile> }>;
  unitKey?: string;
  timestamp?: TimestampSpec;
  ignore?: string[];
  rateLimit?: RateLimitOptions;
  status?: StatusSpec;
}

export interface TagFile extends ValueSource {
  optional?: boolean;
  type?: 'identifier' | 'integer';
  range?: [number, number];
}

export interface FieldFile {
  keys?: string[];
  label?: string;
  type: FieldProfile['type'];
  required?: boolean;
  unit?: string;
  units?: Array<{ names: string[]; offset?: number; scale?: number }>;
  range?: [number, number];
  plausible?: [number, number];
  counter?: boolean;
  trueValues?: Array<string | number>;
  falseValues?: Array<string | number>;
  maxLength?: number;
}

export const DEFAULT_DEVICE_TAG = 'device';

/** The file's measurements: the one constant measurement with `fields`, or the `measurements` map. */
export function kindsOf(file: ProfileFile): Array<{ kind: string; aliases: string[]; fields: Record<string, FieldFile>; at: string }> {
  if (typeof file.measurement === 'string') return [{ kind: file.measurement, aliases: [], fields: file.fields ?? {}, at: 'fields' }];
  return Object.entries(file.measurements ?? {}).map(([kind, m]) => ({ kind, aliases: m.aliases ?? [], fields: m.fields, at: `measurements.${kind}.fields` }));
}

/** A checked file → the profile the pipeline compiles, with every default spelled out. */
export function fromFile(name: string, path: string, file: ProfileFile): Profile {
  const kinds: KindProfile[] = kindsOf(file).map(({ kind, aliases, fields }) => ({
    kind,
    aliases,
    fields: Object.entries(fields).map(([field, spec]) => toField(field, spec)),
  }));
  return {
    name,
    file: path,
    ...optional('description', file.description),
    ...optional('topic', file.topic),
    ...optional('route', file.route),
    tags: Object.entries(file.tags).map(([tag, spec]): TagSpec => ({ ...spec, name: tag, optional: spec.optional ?? false, type: spec.type ?? 'identifier' })),
    deviceTag: file.deviceTag ?? DEFAULT_DEVICE_TAG,
    measurement: typeof file.measurement === 'string' ? { constant: file.measurement } : file.measurement,
    kinds,
    ...optional('unitKey', file.unitKey),
    ...optional('timestamp', file.timestamp),
    ignore: file.ignore ?? [],
    ...optional('rateLimit', file.rateLimit),
    ...optional('status', file.status),
  };
}

function toField(field: string, spec: FieldFile): FieldProfile {
  const { keys, label, required, units, ...rest } = spec;
  return {
    ...rest,
    keys: keys ?? [field],
    field,
    label: label ?? field,
    required: required ?? false,
    ...optional('units', units?.map((u) => ({ names: u.names, offset: u.offset ?? 0, scale: u.scale ?? 1 }))),
  };
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
