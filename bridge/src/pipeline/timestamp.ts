import type { StageResult } from '../model/rejection.js';
import type { TimestampSpec } from '../profiles/types.js';
import type { JsonObject } from './decode.js';
import { compilePath } from './payload.js';
import { describeValue, formatDuration, formatNumber, isoOrUndefined, quote } from './text.js';

export interface TimestampWindow {
  maxFutureSkewMs: number;
  maxPastAgeMs: number;
}

// Epoch ms below 1e11 is before March 1973; 1e9…1e11 is exactly where epoch *seconds* of 2001–5138 fall.
const SECONDS_FLOOR = 1e9;
const MILLISECONDS_FLOOR = 1e11;
// Epoch ms at or above 1e14 is the year 5138; microseconds (≈1.7e15) and nanoseconds (≈1.7e18) land here.
const MILLISECONDS_CEILING = 1e14;

/** A profile's timestamp rule, compiled: the reading's time from its payload, or the receive time. */
export type TimestampReader = (payload: JsonObject, receivedAt: number, window: TimestampWindow) => StageResult<number>;

export function compileTimestamp(spec: TimestampSpec | undefined): TimestampReader {
  if (spec === undefined) return (_payload, receivedAt) => ({ ok: true, value: receivedAt });
  const read = compilePath(spec.path);
  const resolve = spec.format === 'iso8601' ? resolveIsoTimestamp : resolveTimestamp;
  return (payload, receivedAt, window) => resolve(read(payload), receivedAt, window, spec.path);
}

/**
 * The reading's time in epoch ms from `name` (`ts`), in epoch milliseconds. Missing (or null)
 * means "now" (receivedAt). Values that look like seconds, micro-/nanoseconds or nonsense are
 * refused with a detail saying which, so the operator knows what to fix on the device; otherwise it
 * must lie in [receivedAt - maxPastAge, receivedAt + maxFutureSkew].
 */
export function resolveTimestamp(raw: unknown, receivedAt: number, window: TimestampWindow, name = 'ts'): StageResult<number> {
  if (raw === undefined || raw === null) return { ok: true, value: receivedAt };
  if (typeof raw !== 'number') return schema(`field "${name}" must be a number of epoch milliseconds, got ${describeValue(raw)}.`);
  if (!Number.isFinite(raw)) return schema(`field "${name}" must be a finite number of epoch milliseconds.`);
  const implausible = describeImplausible(raw, name);
  if (implausible) return skew(implausible);
  if (!Number.isInteger(raw)) return schema(`field "${name}" must be a whole number of epoch milliseconds, got ${formatNumber(raw)}.`);
  return checkWindow(raw, receivedAt, window, name);
}

// Date and time with seconds (fraction optional) and a zone: a time without one would be read in the bridge's own zone.
const ISO_8601 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

/** An ISO 8601 date-time string with a zone (`2024-06-03T12:00:05Z`, `…+02:00`), to epoch ms; then the same window. */
export function resolveIsoTimestamp(raw: unknown, receivedAt: number, window: TimestampWindow, name: string): StageResult<number> {
  if (raw === undefined || raw === null) return { ok: true, value: receivedAt };
  const expected = `field "${name}" must be an ISO 8601 date-time with a zone, such as "2024-06-03T12:00:05Z"`;
  if (typeof raw !== 'string') return schema(`${expected}, got ${describeValue(raw)}.`);
  const parts = ISO_8601.exec(raw);
  const ms = parts ? Date.parse(raw) : Number.NaN;
  if (!parts || !Number.isFinite(ms) || !isCalendarDate(Number(parts[1]), Number(parts[2]), Number(parts[3]))) {
    return schema(`${expected}, got ${describeValue(raw)}.`);
  }
  return checkWindow(Math.floor(ms), receivedAt, window, name, raw);
}

/** Date.parse rolls 2024-02-30 over to March 1st; a device sending it has a broken clock, not a late one. */
function isCalendarDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function describeImplausible(ts: number, name: string): string | undefined {
  if (ts >= SECONDS_FLOOR && ts < MILLISECONDS_FLOOR) {
    const asMs = Math.round(ts * 1000);
    return `${name} ${formatNumber(ts)} looks like epoch seconds, not milliseconds (${isoOrUndefined(asMs) ?? 'out of range'} if read as seconds); send epoch milliseconds.`;
  }
  if (ts >= MILLISECONDS_CEILING) {
    return `${name} ${formatNumber(ts)} looks like epoch microseconds or nanoseconds, not milliseconds; send epoch milliseconds.`;
  }
  if (ts < MILLISECONDS_FLOOR) {
    return `${name} ${formatNumber(ts)} is not a plausible epoch-millisecond timestamp (it would be before 1973); check the device's clock.`;
  }
  return undefined;
}

/** A refusal names the time as sent: `ts 1640995200000 (2022-01-01T00:00:00.000Z)`, or the ISO text as it came. */
function checkWindow(ts: number, receivedAt: number, window: TimestampWindow, name: string, isoText?: string): StageResult<number> {
  const ahead = ts - receivedAt;
  if (ahead > window.maxFutureSkewMs) {
    return skew(
      `${describeTime(ts, name, isoText)} is ${formatDuration(ahead)} ahead of the bridge clock, more than the ${formatDuration(window.maxFutureSkewMs)} allowed; check the device's clock.`,
    );
  }
  if (-ahead > window.maxPastAgeMs) {
    return skew(
      `${describeTime(ts, name, isoText)} is ${formatDuration(-ahead)} old, more than the ${formatDuration(window.maxPastAgeMs)} allowed; check the device's clock or its backlog.`,
    );
  }
  // -0 would survive JSON and arithmetic but mean nothing; keep timestamps plain integers.
  return { ok: true, value: ts + 0 };
}

function describeTime(ts: number, name: string, isoText: string | undefined): string {
  return isoText === undefined ? `${name} ${ts} (${isoOrUndefined(ts)})` : `${name} ${quote(isoText)}`;
}

function schema(detail: string): StageResult<never> {
  return { ok: false, rejection: { reason: 'schema', detail } };
}

function skew(detail: string): StageResult<never> {
  return { ok: false, rejection: { reason: 'timestamp_skew', detail } };
}
