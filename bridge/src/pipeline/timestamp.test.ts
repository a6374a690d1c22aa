import { describe, expect, it } from 'vitest';
import { resolveTimestamp } from './timestamp.js';

const NOW = Date.UTC(2022, 0, 1, 12); // 2022-01-01T12:00:00Z
const WINDOW = { maxFutureSkewMs: 5 * 60_000, maxPastAgeMs: 7 * 86_400_000 };

function rejection(raw: unknown) {
  const result = resolveTimestamp(raw, NOW, WINDOW);
  if (result.ok) throw new Error(`expected a rejection for ${String(raw)}`);
  return result.rejection;
}

describe('timestamp', () => {
  it('uses receivedAt when ts is absent or null', () => {
    expect(resolveTimestamp(undefined, NOW, WINDOW)).toEqual({ ok: true, value: NOW });
    expect(resolveTimestamp(null, NOW, WINDOW)).toEqual({ ok: true, value: NOW });
  });

  it('accepts epoch ms inside the window, edges included', () => {
    expect(resolveTimestamp(NOW - 1000, NOW, WINDOW)).toEqual({ ok: true, value: NOW - 1000 });
    expect(resolveTimestamp(NOW + WINDOW.maxFutureSkewMs, NOW, WINDOW).ok).toBe(true);
    expect(resolveTimestamp(NOW - WINDOW.maxPastAgeMs, NOW, WINDOW).ok).toBe(true);
  });

  it('refuses a ts beyond the future skew, saying by how much', () => {
    const r = rejection(NOW + 12 * 60_000);
    expect(r.reason).toBe('timestamp_skew');
    expect(r.detail).toContain('12 minutes ahead of the bridge clock');
    expect(r.detail).toContain('5 minutes allowed');
  });

  it('refuses a ts older than the past age', () => {
    const r = rejection(NOW - 9 * 86_400_000);
    expect(r.reason).toBe('timestamp_skew');
    expect(r.detail).toContain('9 days old');
  });

  it('recognises epoch seconds and says so', () => {
    const r = rejection(1640995200);
    expect(r.reason).toBe('timestamp_skew');
    expect(r.detail).toContain('looks like epoch seconds');
    expect(r.detail).toContain('2022-01-01T00:00:00.000Z');
  });

  it('recognises fractional epoch seconds', () => {
    expect(rejection(1640995200.123).detail).toContain('looks like epoch seconds');
  });

  it.each([1640995200000000, 1640995200000000000])('recognises micro/nanoseconds: %d', (ts) => {
    const r = rejection(ts);
    expect(r.reason).toBe('timestamp_skew');
    expect(r.detail).toContain('microseconds or nanoseconds');
  });

  it.each([0, -0, -1, 42, -1640995200000])('calls %d implausible', (ts) => {
    const r = rejection(ts);
    expect(r.reason).toBe('timestamp_skew');
    expect(r.detail).toContain('not a plausible epoch-millisecond timestamp');
  });

  it.each([
    ['a string', '1640995200000', 'got string "1640995200000"'],
    ['a boolean', true, 'got boolean true'],
    ['an object', {}, 'got an object'],
    ['infinity', Infinity, 'finite'],
    ['a fraction of a millisecond', NOW + 0.5, 'whole number'],
  ])('refuses %s as schema naming the field', (_name, raw, phrase) => {
    const r = rejection(raw);
    expect(r.reason).toBe('schema');
    expect(r.detail).toContain('"ts"');
    expect(r.detail).toContain(phrase);
  });
});
