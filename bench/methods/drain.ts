/**
 * Drain: a backlog of N messages is published into the broker while the contender is away (its
 * persistent session holds them), then the contender is started and timed until all N are counted
 * (the ceiling) or queryable in InfluxDB (the others). The publisher cannot limit this figure.
 */
import path from 'node:path';
import type { Contender, StartOptions } from '../contenders/contender.js';
import type { ContenderName } from '../options.js';
import { UsageMonitor } from '../measure/process-usage.js';
import { PublisherProcess } from '../publisher/publisher.js';
import { DEVICES, RunUsage, STALL_MS, type LandingEnd, endRun, freshDatabase, landedInInflux, newRun, round, waitForLanding, waitUntilReady, type MethodContext } from './common.js';

/** A contender slower than this is stopped and what has not landed by then counts as lost. */
export const DRAIN_LIMIT_MS = 240_000;

export interface DrainResult {
  contender: ContenderName;
  /** Acknowledged to the publisher. */
  messages: number;
  landed: number;
  /** Acknowledged but not landed when the wait ended (see `ended`). */
  lost: number;
  ended: LandingEnd;
  /** Landed per second, from the first landed message to the last. */
  ratePerSecond: number;
  /** From starting the process until everything landed (or it stopped making progress). */
  secondsFromStart: number;
  /** How fast the backlog went into the broker (for reference; not part of the figure). */
  publishRatePerSecond: number;
  /** The contender's own processes, start-up excluded. */
  cpuSecondsPer100k: number;
  influxdCpuSecondsPer100k: number;
  mosquittoCpuSecondsPer100k: number;
  peakRssMB: number;
  /**
   * Every run of this contender, in order, when it was drained more than once (`--drain-runs`):
   * this result is the run with the median rate.
   */
  runs?: Array<{ ratePerSecond: number; lost: number }>;
}

/** The run with the median rate (the lower middle one of an even count), with every run's rate and loss. */
export function medianRun(runs: readonly DrainResult[]): DrainResult {
  const byRate = [...runs].sort((a, b) => a.ratePerSecond - b.ratePerSecond);
  const median = byRate[Math.floor((byRate.length - 1) / 2)]!;
  return runs.length < 2 ? median : { ...median, runs: runs.map(({ ratePerSecond, lost }) => ({ ratePerSecond, lost })) };
}

/** Drain result plus the epoch-ms window in which messages were landing (what the CPU profile keeps). */
export interface DrainRun {
  result: DrainResult;
  landingWindow: { fromMs: number; toMs: number };
}

export async function drain(context: MethodContext, contender: Contender, startOptions: StartOptions = {}, method = 'drain'): Promise<DrainRun> {
  const { stack, options } = context;
  const run = newRun(context, contender, method);
  await freshDatabase(context, run);

  // First start: creates the session; its CPU until ready is the start-up cost taken off later.
  let running = await contender.start(run);
  const startup = new UsageMonitor();
  startup.watch(running.pid);
  try {
    await waitUntilReady(context, run, running);
  } catch (error) {
    startup.stop();
    await endRun(context, run, running);
    throw error;
  }
  const startupCpu = startup.cpuSeconds();
  startup.stop();
  await running.stop();
  await freshDatabase(context, run);

  context.log(`  publishing ${options.messages.toLocaleString('en')} messages while ${contender.name} is away…`);
  const backlog = await PublisherProcess.start(
    { mode: 'burst', total: options.messages, devices: DEVICES, bucketMs: 1000, url: stack.mosquitto.url, ...stack.accounts.simulator },
    path.join(context.logDir, `${run.id}-publisher.log`),
  ).finished;

  const usage = new RunUsage(stack);
  const writtenBefore = await stack.influxApi.pointsWritten(run.database);
  const startedAt = Date.now();
  running = await contender.start(run, startOptions);
  usage.contender.watch(running.pid);
  try {
    const wait = await waitForLanding(landedInInflux(context, run, running, writtenBefore, backlog.acked), backlog.acked, { pollMs: 100, stallMs: STALL_MS, maxMs: DRAIN_LIMIT_MS });
    // The ceiling times itself to the millisecond; the others are seen by 100 ms polls.
    const counter = running.counter;
    const firstAt = counter?.firstAt ?? wait.firstAt ?? wait.doneAt;
    const lastAt = counter?.lastAt ?? wait.doneAt;
    const landedAtFirst = counter ? 1 : wait.landedAtFirst;
    // Short of the target, the wait saw InfluxDB's statistics: count what is there.
    const landed = counter || wait.landed >= backlog.acked ? wait.landed : await stack.influxApi.countPoints(run.database);
    const cpu = usage.perHundredThousand(backlog.acked, startupCpu);
    const result: DrainResult = {
      contender: contender.name,
      messages: backlog.acked,
      landed,
      lost: Math.max(0, backlog.acked - landed),
      ended: wait.ended,
      ratePerSecond: lastAt > firstAt ? Math.round((landed - landedAtFirst) / ((lastAt - firstAt) / 1000)) : 0,
      secondsFromStart: round((lastAt - startedAt) / 1000, 1),
      publishRatePerSecond: Math.round(backlog.achievedRate),
      cpuSecondsPer100k: cpu.contender,
      influxdCpuSecondsPer100k: cpu.influxd,
      mosquittoCpuSecondsPer100k: cpu.mosquitto,
      peakRssMB: usage.peakRssMB,
    };
    return { result, landingWindow: { fromMs: firstAt, toMs: lastAt } };
  } finally {
    await endRun(context, run, running, usage);
  }
}

