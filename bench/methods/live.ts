/**
 * Live: the publisher process holds a fixed rate for a while; every message's `ts` is its publish
 * time, and the contender is measured on publish → queryable latency (publish → received for the
 * ceiling), loss, CPU and memory. Each rate gets a freshly started contender.
 */
import path from 'node:path';
import type { Contender } from '../contenders/contender.js';
import type { LatencySummary } from '../measure/histogram.js';
import { BUCKET_MS, LandingTracker } from '../measure/landing-tracker.js';
import type { ContenderName } from '../options.js';
import { PublisherProcess } from '../publisher/publisher.js';
import { DEVICES, RunUsage, STALL_MS, SETTLE_LIMIT_MS, type LandingEnd, endRun, freshDatabase, landedInInflux, newRun, waitForLanding, waitUntilReady, type MethodContext } from './common.js';

export interface LiveResult {
  contender: ContenderName;
  targetRate: number;
  /** Acknowledged per second, as the publisher achieved it. */
  achievedRate: number;
  acked: number;
  landed: number;
  /** Acknowledged but not landed when the wait ended (see `ended`). */
  lost: number;
  ended: LandingEnd;
  latencyMs: LatencySummary | null;
  cpuSecondsPer100k: number;
  influxdCpuSecondsPer100k: number;
  mosquittoCpuSecondsPer100k: number;
  peakRssMB: number;
}

export async function live(context: MethodContext, contender: Contender, rate: number): Promise<LiveResult> {
  const { stack, options } = context;
  const run = newRun(context, contender, `live-${rate}`);
  await freshDatabase(context, run);
  const running = await contender.start(run);
  let usage: RunUsage | undefined;
  try {
    await waitUntilReady(context, run, running);
    running.counter?.reset();
    // VmHWM still sees the start-up peak; CPU counts from here.
    usage = new RunUsage(stack);
    usage.contender.watch(running.pid);
    const baseline = usage.contender.cpuSeconds();
    const writtenBefore = running.counter ? 0 : await stack.influxApi.pointsWritten(run.database);
    const fromMs = Date.now();
    const tracker = running.counter ? undefined : new LandingTracker(stack.influxApi, run.database, fromMs);
    const publisher = PublisherProcess.start(
      { mode: 'paced', ratePerSecond: rate, seconds: options.rateSeconds, devices: DEVICES, bucketMs: BUCKET_MS, url: stack.mosquitto.url, ...stack.accounts.simulator },
      path.join(context.logDir, `${run.id}-publisher.log`),
    );
    publisher.onAckedBuckets((buckets) => tracker?.expect(buckets), 'sample');
    const published = await publisher.finished;
    const wait = await waitForLanding(landedInInflux(context, run, running, writtenBefore, published.acked, fromMs), published.acked, { pollMs: 100, stallMs: STALL_MS, maxMs: SETTLE_LIMIT_MS });
    await tracker?.settle(wait.ended === 'all landed' ? 5_000 : 0);
    await tracker?.stop();
    const landed = running.counter?.count ?? (await stack.influxApi.countPoints(run.database, fromMs));
    const latencies = running.counter ? await running.counter.latencies() : tracker!.histogram;
    const cpu = usage.perHundredThousand(published.acked, baseline);
    return {
      contender: contender.name,
      targetRate: rate,
      achievedRate: Math.round(published.achievedRate),
      acked: published.acked,
      landed,
      lost: Math.max(0, published.acked - landed),
      ended: wait.ended,
      latencyMs: latencies.summary() ?? null,
      cpuSecondsPer100k: cpu.contender,
      influxdCpuSecondsPer100k: cpu.influxd,
      mosquittoCpuSecondsPer100k: cpu.mosquitto,
      peakRssMB: usage.peakRssMB,
    };
  } finally {
    await endRun(context, run, running, usage);
  }
}
