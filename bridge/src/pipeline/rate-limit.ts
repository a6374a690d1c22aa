import type { StageRejection } from '../model/rejection.js';
import { formatNumber } from './text.js';

export interface RateLimitOptions {
  perDevicePerSecond: number;
  burst: number;
}

export interface RateLimiter {
  /**
   * Counts one reading of `key` stamped at `readingTime` (epoch ms: the reading's own `ts`, which the
   * pipeline sets to the receive time when a device sends none); false when its window is full.
   */
  take(key: string, readingTime: number): boolean;
  /** Windows currently counted (for tests and metrics). */
  readonly size: number;
}

/** A current and a previous window for each of 20 000 devices, with room for backlogs being replayed. */
export const DEFAULT_MAX_TRACKED_WINDOWS = 50_000;

/**
 * The per-device limit, judged on what the device did rather than on when the bridge heard of it.
 *
 * Time is cut into windows of `burst / perDevicePerSecond` seconds (2 s at 20/s with a burst of 40),
 * aligned to the epoch, and a device may deliver at most `burst` readings stamped inside one window:
 * on average `perDevicePerSecond`, the same long-run rate and the same worst case (2 × burst across a
 * window edge) as a token bucket. A token bucket counting arrivals turns a delay into loss: readings a
 * device sent at a legal rate while the bridge was stalled or restarting, or buffered while its own
 * network was down, arrive in one burst. Counted by their stamps they fall into the windows they were
 * sent in and all pass, however fast they arrive and in whatever order (a backlog may interleave with
 * live readings). A device that floods in real time stamps everything into the current window and is
 * refused past `burst`; one that backdates or forward-dates its readings to spread them is bounded by
 * the pipeline's timestamp window (MAX_PAST_AGE_SECONDS, MAX_FUTURE_SKEW_SECONDS).
 *
 * Memory is bounded: at most `maxWindows` counts, kept in least-recently-used order (a Map keeps
 * insertion order and each use re-inserts); when full, the least recently used window is forgotten. A
 * forgotten window that comes back starts from zero, which only an old window can do: a live flood
 * keeps its own window the most recently used.
 */
export function createRateLimiter(options: RateLimitOptions, maxWindows = DEFAULT_MAX_TRACKED_WINDOWS): RateLimiter {
  const counts = new Map<string, number>();
  const windowMs = windowLengthMs(options);

  return {
    take(key, readingTime) {
      const window = `${key}@${Math.floor(readingTime / windowMs)}`;
      const counted = counts.get(window) ?? 0;
      if (!counts.delete(window) && counts.size >= maxWindows) counts.delete(counts.keys().next().value!);
      const allowed = counted + 1 <= options.burst;
      counts.set(window, allowed ? counted + 1 : counted);
      return allowed;
    },
    get size() {
      return counts.size;
    },
  };
}

/** A zero rate makes one endless window: the burst is all a device may ever send. */
export function windowLengthMs(options: RateLimitOptions): number {
  return (options.burst * 1000) / options.perDevicePerSecond;
}

/** Whole seconds (at least 1) from `now` until the next window opens: the `Retry-After` of a refused HTTP reading. */
export function secondsUntilNextWindow(options: RateLimitOptions, now: number): number {
  const windowMs = windowLengthMs(options);
  // An endless window never reopens: a day says "not soon" without a number a client would choke on.
  if (!Number.isFinite(windowMs)) return 86_400;
  return Math.max(1, Math.ceil((windowMs - (now % windowMs)) / 1000));
}

/** The window key: identifiers cannot contain "/", so profile/site/device is unambiguous. */
export function deviceKey(profile: string, site: string, device: string): string {
  return `${profile}/${site}/${device}`;
}

export function rateLimited(site: string, device: string, options: RateLimitOptions): StageRejection {
  const { burst, perDevicePerSecond: rate } = options;
  const window = rate > 0 ? `within ${formatNumber(burst / rate)} s (${formatNumber(rate)} per second on average)` : 'in all (rate 0)';
  return {
    reason: 'rate_limited',
    detail: `device "${device}" at site "${site}" sent more than ${formatNumber(burst)} readings stamped ${window}; this reading was dropped, check the device's send interval.`,
  };
}
