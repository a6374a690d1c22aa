import type { StageResult } from '../model/rejection.js';
import type { JsonObject } from './decode.js';
import { describeValue } from './text.js';

/** An own property only (never Object.prototype's), with null read as absent. */
export function read(payload: JsonObject, key: string): unknown {
  if (!Object.hasOwn(payload, key)) return undefined;
  const value = payload[key];
  return value === null ? undefined : value;
}

/** Reads one payload path; compiled once per profile so a plain key costs one property lookup. */
export type PathReader = (payload: JsonObject) => unknown;

/** `a.b.c` walks nested objects (own properties only); anything missing, null or not an object on the way reads as absent. */
export function compilePath(path: string): PathReader {
  const keys = path.split('.');
  if (keys.length === 1) return (payload) => read(payload, path);
  return (payload) => {
    let at: unknown = payload;
    for (const key of keys) {
      if (typeof at !== 'object' || at === null || Array.isArray(at)) return undefined;
      at = read(at as JsonObject, key);
    }
    return at;
  };
}

/** True when the path's last key is present with the value null (a required key sent as null is refused "got null"). */
export function isNullAt(payload: JsonObject, path: string): boolean {
  const keys = path.split('.');
  const last = keys.pop()!;
  const holder = keys.length === 0 ? payload : compilePath(keys.join('.'))(payload);
  return typeof holder === 'object' && holder !== null && Object.hasOwn(holder, last) && (holder as JsonObject)[last] === null;
}

/** A required string at `path`, refused `schema` with the key named when it is missing, null or not a string. */
export function requiredString(payload: JsonObject, path: string, reader: PathReader): StageResult<string> {
  const value = reader(payload);
  if (value === undefined && isNullAt(payload, path)) return schema(`field "${path}" must be a string, got null.`);
  if (value === undefined) return schema(`field "${path}" (a string) is required but missing.`);
  if (typeof value !== 'string') return schema(`field "${path}" must be a string, got ${describeValue(value)}.`);
  return { ok: true, value };
}

export function schema(detail: string): StageResult<never> {
  return { ok: false, rejection: { reason: 'schema', detail } };
}
