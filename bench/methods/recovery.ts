/**
 * Recovery under a steady 2,000 msg/s: the contender killed with SIGKILL and restarted 5 s later,
 * or InfluxDB stopped for the outage length and started again. Loss = acknowledged − landed once
 * everything settled; catch-up = from the end of the disruption until every message published
 * (and acknowledged) before that end had landed (none when some of it never lands), followed, as
 * the latency is, on the latency sample's devices (readings.ts).
 */
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Contender, ContenderProcess } from '../contenders/contender.js';
import type { ContenderName } from '../options.js';
import { PublisherProcess } from '../publisher/publisher.js';
import { LATENCY_SAMPLE_CONDITION } from '../readings.js';
import { DEVICES, RunUsage, STALL_MS, SETTLE_LIMIT_MS, type LandingEnd, endRun, freshDatabase, landedInInflux, newRun, round, waitForLanding, waitUntilReady, type MethodContext } from './common.js';

export type RecoveryScenario = 'sigkill' | 'influx-outage';

export interface RecoveryResult {
  contender: ContenderName;
  scenario: RecoveryScenario;
  rate: number;
  /** How long the contender (sigkill) or InfluxDB (outage) was away. */
  downSeconds: number;
  acked: number;
  landed: number;
  lost: number;
  ended: LandingEnd;
  catchUpSeconds: number | null;
  peakRssMB: number;
}

const DISRUPT_AFTER_MS = 10_000;
const KILLED_FOR_MS = 5_000;
/** Publishing goes on this long after the disruption ends (half as long in a quick run). */
const AFTER_MS = 30_000;

/** Points stamped before the end of the disruption that had landed at `at`. */
interface Sample {
  at: number;
  landedBeforeEnd: number;
}

const BUCKET_MS = 50;

export async function recovery(context: MethodContext, contender: Contender, scenario: RecoveryScenario): Promise<RecoveryResult> {
  const { stack, options } = context;
  const downMs = scenario === 'sigkill' ? KILLED_FOR_MS : options.outageSeconds * 1000;
  const seconds = (DISRUPT_AFTER_MS + downMs + (options.quick ? AFTER_MS / 2 : AFTER_MS)) / 1000;
  const run = newRun(context, contender, `recovery-${scenario}`);
  await freshDatabase(context, run);
  let running: ContenderProcess = await contender.start(run);
  const usage = new RunUsage(stack);
  usage.contender.watch(running.pid);
  const samples: Sample[] = [];
  const ackedPerBucket = new Map<number, number>();
  const sampledPerBucket = new Map<number, number>();
  let sampling = true;
  try {
    await waitUntilReady(context, run, running);
    let writtenBefore = await stack.influxApi.pointsWritten(run.database);
    const fromMs = Date.now();
    const publisher = PublisherProcess.start(
      { mode: 'paced', ratePerSecond: options.recoveryRate, seconds, devices: DEVICES, bucketMs: BUCKET_MS, url: stack.mosquitto.url, ...stack.accounts.simulator },
      path.join(context.logDir, `${run.id}-publisher.log`),
    );
    const add = (into: Map<number, number>) => (buckets: Array<[number, number]>) => {
      for (const [bucket, n] of buckets) into.set(bucket, (into.get(bucket) ?? 0) + n);
    };
    publisher.onAckedBuckets(add(ackedPerBucket));
    publisher.onAckedBuckets(add(sampledPerBucket), 'sample');

    await sleep(DISRUPT_AFTER_MS);
    if (scenario === 'sigkill') {
      usage.contender.sample();
      await running.kill();
      await sleep(downMs);
      running = await contender.start(run);
      usage.contender.watch(running.pid);
    } else {
      await stack.influx.stop();
      await sleep(downMs);
      await stack.influx.restart();
      usage.watchInfluxAgain();
      // A restarted InfluxDB counts its accepted points from zero: what it held before is counted once.
      writtenBefore = -(await stack.influxApi.countPoints(run.database, fromMs));
    }
    // Catch-up is followed on the points stamped before this bucket boundary.
    const boundary = Math.floor(Date.now() / BUCKET_MS) * BUCKET_MS;
    context.log(`  ${scenario === 'sigkill' ? 'restarted' : 'InfluxDB back'}; publishing goes on…`);
    const sampler = (async () => {
      while (sampling) {
        const at = Date.now();
        const landedBeforeEnd = await stack.influxApi.countPoints(run.database, fromMs, boundary, LATENCY_SAMPLE_CONDITION).catch(() => undefined);
        if (landedBeforeEnd !== undefined) samples.push({ at, landedBeforeEnd });
        await sleep(250);
      }
    })();

    const published = await publisher.finished;
    const landed = landedInInflux(context, run, running, writtenBefore, published.acked, fromMs);
    const settled = await waitForLanding(landed, published.acked, { pollMs: 250, stallMs: STALL_MS, maxMs: SETTLE_LIMIT_MS });
    sampling = false;
    await sampler;
    const before = (perBucket: Map<number, number>): number => [...perBucket].filter(([bucket]) => bucket < boundary).reduce((sum, [, n]) => sum + n, 0);
    // Caught up when the sample was; unless, counted once at the end, some message from before the end never landed.
    const allLandedBeforeEnd = (await stack.influxApi.countPoints(run.database, fromMs, boundary).catch(() => 0)) >= before(ackedPerBucket);
    const caughtUp = allLandedBeforeEnd ? samples.find((s) => s.landedBeforeEnd >= before(sampledPerBucket)) : undefined;
    // Short of everything, the wait saw InfluxDB's statistics: count what is there.
    const landedInTheEnd = settled.landed >= published.acked ? settled.landed : await stack.influxApi.countPoints(run.database, fromMs);
    return {
      contender: contender.name,
      scenario,
      rate: options.recoveryRate,
      downSeconds: downMs / 1000,
      acked: published.acked,
      landed: landedInTheEnd,
      lost: Math.max(0, published.acked - landedInTheEnd),
      ended: settled.ended,
      catchUpSeconds: caughtUp ? round((caughtUp.at - boundary) / 1000, 1) : null,
      peakRssMB: usage.peakRssMB,
    };
  } finally {
    sampling = false;
    await endRun(context, run, running, usage);
  }
}
