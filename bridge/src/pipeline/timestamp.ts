import type { StageResult } from '../model/rejection.js';
import { describeValue, formatDuration, formatNumber, isoOrUndefined } from './text.js';

export interface TimestampWindow {
  maxFutureSkewMs: number;
  maxPastAgeMs: number;
}

// Epoch ms below 1e11 is before March 1973; 1e9…1e11 is exactly where epoch *seconds* of 2001–5138 fall.
const SECONDS_FLOOR = 1e9;
const MILLISECONDS_FLOOR = 1e11;
// Epoch ms at or above 1e14 is the year 5138; microseconds (≈1.7e15) and nanoseconds (≈1.7e18) land here.
const MILLISECONDS_CEILING = 1e14;

/**
 * The reading's time in epoch ms. A missing (or null) `ts` means "now" (receivedAt). Values that look
 * like seconds, micro-/nanoseconds or nonsense are refused with a detail saying which, so the operator
 * knows what to fix on the device; otherwise it must lie in [receivedAt - maxPastAge, receivedAt + maxFutureSkew].
 */
export function resolveTimestamp(raw: unknown, receivedAt: number, window: TimestampWindow): StageResult<number> {
  if (raw === undefined || raw === null) return { ok: true, value: receivedAt };
  if (typeof raw !== 'number') return schema(`field "ts" must be a number of epoch milliseconds, got ${describeValue(raw)}.`);
  if (!Number.isFinite(raw)) return schema('field "ts" must be a finite number of epoch milliseconds.');
  const implausible = describeImplausible(raw);
  if (implausible) return skew(implausible);
  if (!Number.isInteger(raw)) return schema(`field "ts" must be a whole number of epoch milliseconds, got ${formatNumber(raw)}.`);
  return checkWindow(raw, receivedAt, window);
}

function describeImplausible(ts: number): string | undefined {
  if (ts >= SECONDS_FLOOR && ts < MILLISECONDS_FLOOR) {
    const asMs = Math.round(ts * 1000);
    return `ts ${formatNumber(ts)} looks like epoch seconds, not milliseconds (${isoOrUndefined(asMs) ?? 'out of range'} if read as seconds); send epoch milliseconds.`;
  }
  if (ts >= MILLISECONDS_CEILING) {
    return `ts ${formatNumber(ts)} looks like epoch microseconds or nanoseconds, not milliseconds; send epoch milliseconds.`;
  }
  if (ts < MILLISECONDS_FLOOR) {
    return `ts ${formatNumber(ts)} is not a plausible epoch-millisecond timestamp (it would be before 1973); check the device's clock.`;
  }
  return undefined;
}

function checkWindow(ts: number, receivedAt: number, window: TimestampWindow): StageResult<number> {
  const ahead = ts - receivedAt;
  if (ahead > window.maxFutureSkewMs) {
    return skew(
      `ts ${ts} (${isoOrUndefined(ts)}) is ${formatDuration(ahead)} ahead of the bridge clock, more than the ${formatDuration(window.maxFutureSkewMs)} allowed; check the device's clock.`,
    );
  }
  if (-ahead > window.maxPastAgeMs) {
    return skew(
      `ts ${ts} (${isoOrUndefined(ts)}) is ${formatDuration(-ahead)} old, more than the ${formatDuration(window.maxPastAgeMs)} allowed; check the device's clock or its backlog.`,
    );
  }
  // -0 would survive JSON and arithmetic but mean nothing; keep timestamps plain integers.
  return { ok: true, value: ts + 0 };
}

function schema(detail: string): StageResult<never> {
  return { ok: false, rejection: { reason: 'schema', detail } };
}

function skew(detail: string): StageResult<never> {
  return { ok: false, rejection: { reason: 'timestamp_skew', detail } };
}
