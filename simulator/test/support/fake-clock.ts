import type { PacerClock } from '../../src/pacer.js';

/** A pacer clock that moves only when the pacer sleeps, and records each sleep: waits are counted, not timed. */
export function fakeClock(): PacerClock & { time: number; sleeps: number[] } {
  const clock = {
    time: 0,
    sleeps: [] as number[],
    now: () => clock.time,
    sleep: async (ms: number) => {
      clock.sleeps.push(ms);
      clock.time += ms;
    },
  };
  return clock;
}
