import { describe, expect, it } from 'vitest';
import { createRateLimiter } from './rate-limit.js';

const T0 = 1_700_000_000_000;

function takeMany(limiter: ReturnType<typeof createRateLimiter>, key: string, count: number, now: number): number {
  let allowed = 0;
  for (let i = 0; i < count; i += 1) if (limiter.take(key, now)) allowed += 1;
  return allowed;
}

describe('rate limiter (token bucket, injected clock)', () => {
  it('allows a burst, then refuses until tokens refill', () => {
    const limiter = createRateLimiter({ perDevicePerSecond: 20, burst: 40 });
    expect(takeMany(limiter, 'demo/temp-1', 50, T0)).toBe(40);
    expect(limiter.take('demo/temp-1', T0 + 49)).toBe(false); // 0.98 token
    expect(limiter.take('demo/temp-1', T0 + 50)).toBe(true); // 1 token after 50 ms at 20/s
    expect(limiter.take('demo/temp-1', T0 + 50)).toBe(false);
  });

  it('sustains exactly the configured rate', () => {
    const limiter = createRateLimiter({ perDevicePerSecond: 20, burst: 40 });
    takeMany(limiter, 'd', 40, T0);
    let allowed = 0;
    for (let ms = 1; ms <= 10_000; ms += 1) if (limiter.take('d', T0 + ms)) allowed += 1;
    expect(allowed).toBe(200); // 10 s × 20/s
  });

  it('never refills above the burst', () => {
    const limiter = createRateLimiter({ perDevicePerSecond: 20, burst: 40 });
    limiter.take('d', T0);
    expect(takeMany(limiter, 'd', 100, T0 + 3_600_000)).toBe(40);
  });

  it('keeps devices apart', () => {
    const limiter = createRateLimiter({ perDevicePerSecond: 1, burst: 2 });
    expect(takeMany(limiter, 'demo/a', 5, T0)).toBe(2);
    expect(takeMany(limiter, 'demo/b', 5, T0)).toBe(2);
    expect(takeMany(limiter, 'other/a', 5, T0)).toBe(2);
  });

  it('neither mints nor burns tokens when the clock steps backwards', () => {
    const limiter = createRateLimiter({ perDevicePerSecond: 10, burst: 2 });
    expect(takeMany(limiter, 'd', 2, T0)).toBe(2);
    expect(limiter.take('d', T0 - 60_000)).toBe(false);
    expect(limiter.take('d', T0 + 100)).toBe(true);
  });

  it('with a zero rate, allows only the burst', () => {
    const limiter = createRateLimiter({ perDevicePerSecond: 0, burst: 3 });
    expect(takeMany(limiter, 'd', 5, T0)).toBe(3);
    expect(limiter.take('d', T0 + 86_400_000)).toBe(false);
  });

  describe('memory bound', () => {
    it('never holds more buckets than the cap, however many devices appear', () => {
      const limiter = createRateLimiter({ perDevicePerSecond: 20, burst: 40 }, 100);
      for (let i = 0; i < 10_000; i += 1) limiter.take(`demo/dev-${i}`, T0);
      expect(limiter.size).toBe(100);
    });

    it('evicts idle (refilled) buckets before busy ones, even a busy one that is least recently used', () => {
      const limiter = createRateLimiter({ perDevicePerSecond: 1, burst: 2 }, 3);
      takeMany(limiter, 'busy', 2, T0); // empty; refilled only at T0 + 2000
      takeMany(limiter, 'idle-1', 1, T0 + 100); // refilled at T0 + 1100
      takeMany(limiter, 'idle-2', 1, T0 + 100);
      limiter.take('new-1', T0 + 1_500);
      limiter.take('new-2', T0 + 1_500);
      expect(limiter.size).toBe(3);
      // "busy" kept its part-empty bucket (1.5 tokens): it was not handed a fresh burst of 2.
      expect(takeMany(limiter, 'busy', 2, T0 + 1_500)).toBe(1);
    });

    it('when every bucket is busy, drops the least recently used one', () => {
      const limiter = createRateLimiter({ perDevicePerSecond: 1, burst: 1 }, 2);
      limiter.take('a', T0);
      limiter.take('b', T0);
      limiter.take('a', T0 + 10); // a is now the most recently used
      limiter.take('c', T0 + 20); // evicts b
      expect(limiter.size).toBe(2);
      expect(limiter.take('a', T0 + 30)).toBe(false); // a kept its empty bucket
      expect(limiter.take('b', T0 + 30)).toBe(true); // b starts over with a full bucket
    });
  });
});
