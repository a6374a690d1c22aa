import type { StageRejection } from '../model/rejection.js';
import { formatNumber } from './text.js';

export interface RateLimitOptions {
  perDevicePerSecond: number;
  burst: number;
}

export interface RateLimiter {
  /** Spends one token of `key`'s bucket at time `now` (epoch ms); false when the bucket is empty. */
  take(key: string, now: number): boolean;
  /** Buckets currently held (for tests and metrics). */
  readonly size: number;
}

/** Enough for every device of a large campus; beyond it the least recently seen buckets are dropped. */
export const DEFAULT_MAX_TRACKED_DEVICES = 20_000;
const SWEEP_INTERVAL_MS = 1_000;

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/**
 * Token bucket per key. The map is kept in least-recently-used order (Map keeps insertion order and
 * each use re-inserts), and is capped: when a new key finds the map full, buckets that have refilled
 * completely are dropped (a full bucket is the same as no bucket, so nothing is lost), and if none
 * has, the least recently used one. Time comes from the caller, so tests need no clock and no sleeping.
 */
export function createRateLimiter(options: RateLimitOptions, maxKeys = DEFAULT_MAX_TRACKED_DEVICES): RateLimiter {
  const buckets = new Map<string, Bucket>();
  const refillPerMs = options.perDevicePerSecond / 1000;

  const refilled = (bucket: Bucket, now: number): number => {
    // A clock that steps backwards must not mint or burn tokens.
    const elapsed = Math.max(0, now - bucket.updatedAt);
    return Math.min(options.burst, bucket.tokens + elapsed * refillPerMs);
  };

  let lastSweep = -Infinity;

  const makeRoom = (now: number): void => {
    // Drop idle devices (refilled buckets) everywhere in the map, but at most once per interval so a
    // flood of new device ids cannot make every message pay for a full scan.
    if (now - lastSweep >= SWEEP_INTERVAL_MS || now < lastSweep) {
      lastSweep = now;
      for (const [key, bucket] of buckets) if (refilled(bucket, now) >= options.burst) buckets.delete(key);
    }
    const leastRecent = buckets.keys().next();
    if (buckets.size >= maxKeys && !leastRecent.done) buckets.delete(leastRecent.value);
  };

  return {
    take(key, now) {
      const existing = buckets.get(key);
      if (existing) buckets.delete(key);
      else if (buckets.size >= maxKeys) makeRoom(now);
      const bucket = existing ?? { tokens: options.burst, updatedAt: now };
      bucket.tokens = refilled(bucket, now);
      bucket.updatedAt = Math.max(bucket.updatedAt, now);
      buckets.set(key, bucket);
      if (bucket.tokens < 1) return false;
      bucket.tokens -= 1;
      return true;
    },
    get size() {
      return buckets.size;
    },
  };
}

/** The bucket key: identifiers cannot contain "/", so site/device is unambiguous. */
export function deviceKey(site: string, device: string): string {
  return `${site}/${device}`;
}

export function rateLimited(site: string, device: string, options: RateLimitOptions): StageRejection {
  return {
    reason: 'rate_limited',
    detail: `device "${device}" at site "${site}" sent more than ${formatNumber(options.perDevicePerSecond)} readings per second (burst ${formatNumber(options.burst)}); this reading was dropped, check the device's send interval.`,
  };
}
