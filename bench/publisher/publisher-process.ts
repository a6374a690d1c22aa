/**
 * The publisher, in a Node process of its own so that it never shares an event loop with a
 * contender or the harness. It reads its job from BENCH_PUBLISH_JOB (the environment keeps the
 * broker password out of `ps`), reports over IPC every 200 ms, and exits.
 */
import mqtt from 'mqtt';
import { ReadingSource } from '../readings.js';
import type { PublishJob, PublisherReport } from './protocol.js';

/** Below the broker's Receive Maximum (max_inflight_messages 1000), which a v5 client must not exceed. */
const MAX_IN_FLIGHT = 500;
const REPORT_INTERVAL_MS = 200;

publish(JSON.parse(process.env.BENCH_PUBLISH_JOB ?? '{}') as PublishJob).then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`publisher failed: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exit(1);
  },
);

async function publish(job: PublishJob): Promise<void> {
  const client = await mqtt.connectAsync(job.url, {
    username: job.username,
    password: job.password,
    clientId: `bench-publisher-${process.pid}`,
    protocolVersion: 5,
    clean: true,
    reconnectPeriod: 1000,
  });
  const source = new ReadingSource(job.devices);
  const total = job.mode === 'burst' ? job.total : Math.round(job.ratePerSecond * job.seconds);
  const counts = { published: 0, acked: 0, failed: 0 };
  let inFlight = 0;
  let ackedBuckets = new Map<number, number>();
  let sampleBuckets = new Map<number, number>();
  let wake: (() => void) | undefined;
  const startedAt = Date.now();

  const publishOne = (): void => {
    const reading = source.reading(Date.now());
    inFlight++;
    counts.published++;
    client.publish(reading.topic, reading.payload, { qos: 1 }, (error) => {
      inFlight--;
      if (error) counts.failed++;
      else {
        counts.acked++;
        const bucket = Math.floor(reading.ts / job.bucketMs) * job.bucketMs;
        ackedBuckets.set(bucket, (ackedBuckets.get(bucket) ?? 0) + 1);
        if (reading.sampled) sampleBuckets.set(bucket, (sampleBuckets.get(bucket) ?? 0) + 1);
      }
      wake?.();
    });
  };
  const report = (type: PublisherReport['type']): Promise<void> => {
    const message: PublisherReport = { type, ...counts, startedAt, at: Date.now(), buckets: [...ackedBuckets], sampleBuckets: [...sampleBuckets] };
    ackedBuckets = new Map();
    sampleBuckets = new Map();
    return new Promise((resolve) => process.send?.(message, undefined, undefined, () => resolve()) ?? resolve());
  };
  const reporter = setInterval(() => void report('progress'), REPORT_INTERVAL_MS);

  // Burst: refill the window on every acknowledgement. Paced: publish what is due every millisecond.
  const nextTurn = (): Promise<void> =>
    new Promise((resolve) => {
      wake = resolve;
      if (job.mode === 'paced') setTimeout(resolve, 1);
    });
  while (counts.published < total) {
    const due = job.mode === 'burst' ? total : Math.min(total, Math.floor((job.ratePerSecond * (Date.now() - startedAt)) / 1000));
    while (counts.published < due && inFlight < MAX_IN_FLIGHT) publishOne();
    await nextTurn();
  }
  const deadline = Date.now() + 60_000;
  while (inFlight > 0 && Date.now() < deadline) await nextTurn();
  clearInterval(reporter);
  await client.endAsync();
  await report('done');
}
