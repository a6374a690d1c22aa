import { describe, expect, it } from 'vitest';
import { createRateLimiter, rateLimited } from './rate-limit.js';

// A multiple of every window length used below, so windows start at T0.
const T0 = 1_700_000_000_000;
const DEFAULTS = { perDevicePerSecond: 20, burst: 40 }; // windows of 2 s

/** How many of `stamps` (in the given order) the limiter lets through for `key`. */
function allowedOf(limiter: ReturnType<typeof createRateLimiter>, key: string, stamps: number[]): number {
  return stamps.filter((stamp) => limiter.take(key, stamp)).length;
}

/** `count` stamps `intervalMs` apart from `start`: a device sending at a steady rate. */
function steady(start: number, count: number, intervalMs: number): number[] {
  return Array.from({ length: count }, (_, i) => start + i * intervalMs);
}

describe('rate limiter (judged on the readings\' own time)', () => {
  it('refuses a real-time flood past the burst, and counts the next window afresh', () => {
    const limiter = createRateLimiter(DEFAULTS);
    expect(allowedOf(limiter, 'demo/temp-1', Array(100).fill(T0 + 5))).toBe(40);
    expect(limiter.take('demo/temp-1', T0 + 1_999)).toBe(false); // same window
    expect(allowedOf(limiter, 'demo/temp-1', Array(100).fill(T0 + 2_000))).toBe(40);
  });

  it('lets through a whole backlog sent at a legal rate, however fast it arrives', () => {
    // The defect this rule fixes: a device at 2/s, a bridge stalled for 70 s, 140 readings at once.
    const limiter = createRateLimiter(DEFAULTS);
    expect(allowedOf(limiter, 'demo/temp-1', steady(T0, 140, 500))).toBe(140);
  });

  it('lets through a backlog interleaved with live readings, in any order', () => {
    const limiter = createRateLimiter(DEFAULTS);
    const backlog = steady(T0, 600, 50); // 30 s at exactly 20/s
    const live = steady(T0 + 30_000, 200, 50);
    const interleaved = [...live.slice(0, 100), ...backlog.slice(300), ...live.slice(100), ...backlog.slice(0, 300)];
    expect(allowedOf(limiter, 'demo/temp-1', interleaved)).toBe(800);
  });

  it('sustains exactly the configured rate from a device that sends faster', () => {
    const limiter = createRateLimiter(DEFAULTS);
    expect(allowedOf(limiter, 'd', steady(T0, 10_000, 1))).toBe(200); // 10 s at 1,000/s: 5 windows × 40
  });

  it('keeps devices apart', () => {
    const limiter = createRateLimiter({ perDevicePerSecond: 1, burst: 2 });
    expect(allowedOf(limiter, 'demo/a', Array(5).fill(T0))).toBe(2);
    expect(allowedOf(limiter, 'demo/b', Array(5).fill(T0))).toBe(2);
    expect(allowedOf(limiter, 'other/a', Array(5).fill(T0))).toBe(2);
  });

  it('with a zero rate, allows only the burst, ever', () => {
    const limiter = createRateLimiter({ perDevicePerSecond: 0, burst: 3 });
    expect(allowedOf(limiter, 'd', [T0, T0 + 1, T0 + 86_400_000, T0 - 86_400_000, T0 + 5])).toBe(3);
  });

  describe('memory bound', () => {
    it('never counts more windows than the cap, however many devices appear', () => {
      const limiter = createRateLimiter(DEFAULTS, 100);
      for (let i = 0; i < 10_000; i += 1) limiter.take(`demo/dev-${i}`, T0);
      expect(limiter.size).toBe(100);
    });

    it('forgets the least recently used window, never a flooded one', () => {
      const limiter = createRateLimiter({ perDevicePerSecond: 1, burst: 1 }, 2);
      limiter.take('flooder', T0);
      limiter.take('old', T0);
      limiter.take('flooder', T0); // refused, and now the most recently used
      limiter.take('new', T0); // forgets "old"
      expect(limiter.size).toBe(2);
      expect(limiter.take('flooder', T0)).toBe(false);
      expect(limiter.take('old', T0)).toBe(true); // starts over
    });
  });

  it('says what was exceeded in the device owner\'s terms', () => {
    expect(rateLimited('demo', 'temp-1', DEFAULTS).detail).toBe(
      'device "temp-1" at site "demo" sent more than 40 readings stamped within 2 s (20 per second on average); this reading was dropped, check the device\'s send interval.',
    );
  });
});
