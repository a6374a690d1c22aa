/** Keeps a steady message rate: each call waits until its slot comes. */
import { setTimeout as sleep } from 'node:timers/promises';

export interface Pacer {
  /** Resolves when the next message may go; rejects with an AbortError if `signal` aborts. */
  wait(signal?: AbortSignal): Promise<void>;
}

/** Where the pacer reads the time and waits: the real clock, or a fake one in tests. */
export interface PacerClock {
  /** Milliseconds, monotonic. */
  now(): number;
  /** Resolves after `ms`; rejects with an AbortError if `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

const REAL_CLOCK: PacerClock = {
  now: () => performance.now(),
  sleep: (ms, signal) => sleep(ms, undefined, { signal }),
};

/** Falling further behind than this drops the backlog instead of bursting to catch up. */
const MAX_LAG_MS = 1000;

export function createPacer(ratePerSecond: number, clock: PacerClock = REAL_CLOCK): Pacer {
  if (!(ratePerSecond > 0) || !Number.isFinite(ratePerSecond)) {
    throw new Error(`rate must be a positive number of messages per second, got ${ratePerSecond}`);
  }
  const gapMs = 1000 / ratePerSecond;
  let due: number | undefined;
  return {
    async wait(signal) {
      const current = clock.now();
      if (due === undefined || due < current - MAX_LAG_MS) due = current;
      const waitMs = due - current;
      due += gapMs;
      // Timers are coarse (~1 ms): at high rates several messages share one wait.
      if (waitMs >= 1) await clock.sleep(waitMs, signal);
    },
  };
}
