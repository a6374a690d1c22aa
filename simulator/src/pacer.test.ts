import { describe, expect, it } from 'vitest';
import { fakeClock } from '../test/support/fake-clock.js';
import { createPacer, type Pacer } from './pacer.js';

async function waitTimes(pacer: Pacer, count: number): Promise<void> {
  for (let i = 0; i < count; i++) await pacer.wait();
}

describe('createPacer', () => {
  it('lets the first message go at once and spaces the next ones 1000/rate ms apart', async () => {
    const clock = fakeClock();
    await waitTimes(createPacer(200, clock), 41);
    expect(clock.sleeps).toEqual(Array(40).fill(5));
  });

  it('lets several messages share one wait above 1,000 messages/s (timers are coarse)', async () => {
    const clock = fakeClock();
    await waitTimes(createPacer(4000, clock), 20);
    expect(clock.sleeps).toEqual([1, 1, 1, 1]);
  });

  it('drops a backlog of over a second instead of bursting to catch up', async () => {
    const clock = fakeClock();
    const pacer = createPacer(10, clock);
    await pacer.wait();
    clock.time += 5000;
    await waitTimes(pacer, 2);
    expect(clock.sleeps).toEqual([100]);
  });

  it('stops waiting when the signal aborts', async () => {
    const pacer = createPacer(1);
    await pacer.wait();
    await expect(pacer.wait(AbortSignal.timeout(10))).rejects.toThrow(/abort/i);
  });

  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])('refuses a rate of %s', (rate) => {
    expect(() => createPacer(rate)).toThrow(/positive number of messages per second/);
  });
});
