/**
 * Publish → queryable latency in InfluxDB, found by polling, on the latency sample's devices
 * (readings.ts: a query's cost grows with the series it touches). The publisher reports how many
 * acknowledged sampled messages carry a `ts` in each bucket (BUCKET_MS wide); every POLL_MS the tracker
 * counts their stored points per bucket (`GROUP BY time(50ms)`), and each newly counted point gets the
 * latency poll time − bucket middle. So a figure is the true latency within −25 / +100 ms.
 * Only buckets still short of their expected count are queried: the last FINE_WINDOW_MS at every
 * poll, older ones (a contender far behind) every COARSE_EVERY-th poll.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { InfluxApi } from '../influx.js';
import { LATENCY_SAMPLE_CONDITION } from '../readings.js';
import { LatencyHistogram } from './histogram.js';

export const BUCKET_MS = 50;
export const POLL_MS = 100;
const FINE_WINDOW_MS = 10_000;
const COARSE_EVERY = 10;

export class LandingTracker {
  readonly histogram = new LatencyHistogram();
  private readonly expected = new Map<number, number>();
  private readonly counted = new Map<number, number>();
  private landedTotal = 0;
  private stopped = false;
  private readonly loop: Promise<void>;

  constructor(
    private readonly influx: InfluxApi,
    private readonly database: string,
    /** Epoch ms before the first published `ts`. */
    private readonly fromMs: number,
  ) {
    this.loop = this.run();
  }

  /** Acknowledged messages per bucket, from the publisher. */
  expect(buckets: ReadonlyArray<readonly [number, number]>): void {
    for (const [bucket, count] of buckets) this.expected.set(bucket, (this.expected.get(bucket) ?? 0) + count);
  }

  get landed(): number {
    return this.landedTotal;
  }

  /** Waits until every expected point has been counted, or `timeoutMs` passed (what never lands has no latency). */
  async settle(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.oldestIncompleteBucket() !== undefined && Date.now() < deadline) await sleep(POLL_MS);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
  }

  private async run(): Promise<void> {
    for (let poll = 0; !this.stopped; poll++) {
      const startedAt = Date.now();
      await this.pollOnce(startedAt, poll % COARSE_EVERY === 0).catch(() => undefined);
      await sleep(Math.max(0, POLL_MS - (Date.now() - startedAt)));
    }
  }

  private async pollOnce(now: number, coarse: boolean): Promise<void> {
    const frontier = this.oldestIncompleteBucket() ?? now - FINE_WINDOW_MS;
    const from = coarse ? frontier : Math.max(frontier, now - FINE_WINDOW_MS);
    const counts = await this.influx.countPerBucket(this.database, Math.max(from, this.fromMs), now + 1000, BUCKET_MS, LATENCY_SAMPLE_CONDITION);
    for (const [bucket, count] of counts) {
      const before = this.counted.get(bucket) ?? 0;
      if (count <= before) continue;
      this.histogram.add(now - (bucket + BUCKET_MS / 2), count - before);
      this.counted.set(bucket, count);
      this.landedTotal += count - before;
    }
  }

  private oldestIncompleteBucket(): number | undefined {
    let oldest: number | undefined;
    for (const [bucket, count] of this.expected) {
      if ((this.counted.get(bucket) ?? 0) < count && (oldest === undefined || bucket < oldest)) oldest = bucket;
    }
    return oldest;
  }
}
