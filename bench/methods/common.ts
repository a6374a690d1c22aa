/** What the methods share: a run's identity, readiness, counting what landed, and the CPU/RSS meters. */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import mqtt from 'mqtt';
import type { Contender, ContenderProcess, RunSpec } from '../contenders/contender.js';
import { UsageMonitor } from '../measure/process-usage.js';
import type { BenchOptions } from '../options.js';
import { ReadingSource } from '../readings.js';
import type { BenchStack } from '../stack.js';

export interface MethodContext {
  readonly stack: BenchStack;
  readonly options: BenchOptions;
  readonly workDir: string;
  readonly logDir: string;
  log(line: string): void;
}

/** Devices the bench's readings are spread over (as many as the old bench's end-to-end run). */
export const DEVICES = 2000;

export function newRun(context: MethodContext, contender: Contender, method: string): RunSpec {
  const id = `${contender.name}-${method}`;
  const dir = path.join(context.workDir, 'runs', id);
  mkdirSync(dir, { recursive: true });
  return { id, clientId: `bench-${id}`, database: `bench_${contender.name.replaceAll('-', '_')}`, dir };
}

/**
 * Empties the run's database (only while none of its contender's processes runs). An InfluxDB that
 * a contender left unanswering is restarted first, so one bad run does not spoil the next.
 */
export async function freshDatabase(context: MethodContext, run: RunSpec): Promise<void> {
  const { stack } = context;
  if (!(await stack.influxApi.ping())) {
    context.log('  InfluxDB does not answer: restarting it');
    await stack.influx.restart();
  }
  await stack.influxApi.recreateDatabase(run.database);
}

/** Messages the contender has landed: counted by itself (the ceiling) or in its InfluxDB database. */
export function landedCount(context: MethodContext, run: RunSpec, running: ContenderProcess, sinceMs = 0): Promise<number> {
  if (running.counter) return Promise.resolve(running.counter.count);
  return context.stack.influxApi.countPoints(run.database, sinceMs);
}

/**
 * What has landed, cheaply: the points InfluxDB's shards of the run's database accepted (its own
 * statistics, which cost it nothing to report); once they reach `target`, the points stamped from
 * `sinceMs` counted in the database, which also tells apart a redelivered duplicate. Counting the
 * database at every poll would cost InfluxDB about 0.1 CPU s per poll at 200,000 points: the bench
 * would take a core from the contender it measures.
 */
export function landedInInflux(context: MethodContext, run: RunSpec, running: ContenderProcess, writtenBefore: number, target: number, sinceMs = 0): () => Promise<number> {
  const { influxApi } = context.stack;
  return async () => {
    if (running.counter) return running.counter.count;
    const written = (await influxApi.pointsWritten(run.database)) - writtenBefore;
    return written < target ? written : influxApi.countPoints(run.database, sinceMs);
  };
}

/**
 * Ready means a reading went all the way: publish a probe every second until one has landed.
 * This also creates the persistent session and its subscription on the broker.
 */
export async function waitUntilReady(context: MethodContext, run: RunSpec, running: ContenderProcess, timeoutMs = 60_000): Promise<void> {
  const { stack } = context;
  const client = await mqtt.connectAsync(stack.mosquitto.url, { ...stack.accounts.simulator, protocolVersion: 5, clean: true, reconnectPeriod: 0 });
  const probes = new ReadingSource(1, '-probe');
  let exited = false;
  void running.exited.then(() => (exited = true));
  try {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (exited) throw new Error(`${run.id} exited before it was ready (log: ${running.logFile})`);
      const probe = probes.reading(Date.now());
      await client.publishAsync(probe.topic, probe.payload, { qos: 1 });
      for (let i = 0; i < 10; i++) {
        if ((await landedCount(context, run, running).catch(() => 0)) > 0) return;
        await sleep(100);
      }
    }
    throw new Error(`${run.id} landed no probe within ${timeoutMs / 1000} s (log: ${running.logFile})`);
  } finally {
    await client.endAsync();
  }
}

/** How long after publishing ended the bench waits for the rest to land. */
export const SETTLE_LIMIT_MS = 90_000;
/**
 * Nothing more landed for this long: the wait ends ("stalled"). Longer than the bridge's first
 * reconnect attempts, so a contender that dropped its connection has the time to come back.
 */
export const STALL_MS = 30_000;

/** Why waiting ended: everything landed, nothing more landed for a while, or the time limit. */
export type LandingEnd = 'all landed' | 'stalled' | 'time limit';

export interface LandingWait {
  landed: number;
  ended: LandingEnd;
  /** First poll that saw a landed message, and what it saw then. */
  firstAt: number | undefined;
  landedAtFirst: number;
  /** Last poll (when all landed: the first that saw everything). */
  doneAt: number;
}

/** Polls `count` until it reaches `target`, stops growing for `stallMs`, or `maxMs` have passed. */
export async function waitForLanding(
  count: () => Promise<number>,
  target: number,
  o: { pollMs: number; stallMs: number; maxMs: number },
): Promise<LandingWait> {
  const startedAt = Date.now();
  let landed = 0;
  let firstAt: number | undefined;
  let landedAtFirst = 0;
  let progressAt = startedAt;
  for (;;) {
    const at = Date.now();
    const now = await count().catch(() => landed);
    if (now > 0 && firstAt === undefined) {
      firstAt = at;
      landedAtFirst = now;
    }
    if (now > landed) progressAt = at;
    landed = now;
    const ended: LandingEnd | undefined =
      landed >= target ? 'all landed' : at - progressAt > o.stallMs ? 'stalled' : at - startedAt > o.maxMs ? 'time limit' : undefined;
    if (ended) return { landed, ended, firstAt, landedAtFirst, doneAt: at };
    await sleep(Math.max(0, o.pollMs - (Date.now() - at)));
  }
}

/** CPU and memory of the contender, and CPU of the broker and InfluxDB, over one run. */
export class RunUsage {
  readonly contender = new UsageMonitor();
  readonly influxd = new UsageMonitor();
  readonly mosquitto = new UsageMonitor();
  private readonly start: { influxd: number; mosquitto: number };

  constructor(private readonly stack: BenchStack) {
    this.influxd.watch(stack.influx.pid);
    this.mosquitto.watch(stack.mosquitto.pid);
    this.start = { influxd: this.influxd.cpuSeconds(), mosquitto: this.mosquitto.cpuSeconds() };
  }

  /** After InfluxDB was restarted. */
  watchInfluxAgain(): void {
    this.influxd.watch(this.stack.influx.pid);
  }

  /** CPU seconds per 100,000 messages of each, since this object was made (the contender's minus `contenderBaseline`). */
  perHundredThousand(messages: number, contenderBaseline: number): { contender: number; influxd: number; mosquitto: number } {
    const per = (seconds: number): number => round((seconds / Math.max(1, messages)) * 100_000, 2);
    return {
      contender: per(this.contender.cpuSeconds() - contenderBaseline),
      influxd: per(this.influxd.cpuSeconds() - this.start.influxd),
      mosquitto: per(this.mosquitto.cpuSeconds() - this.start.mosquitto),
    };
  }

  get peakRssMB(): number {
    return round(this.contender.peakRssBytes / 1e6, 0);
  }

  stop(): void {
    for (const monitor of [this.contender, this.influxd, this.mosquitto]) monitor.stop();
  }
}

export function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** Stops the contender and deletes its session, whatever happened during the run. */
export async function endRun(context: MethodContext, run: RunSpec, running: ContenderProcess | undefined, usage?: RunUsage): Promise<void> {
  usage?.stop();
  await running?.stop();
  await context.stack.forgetSession(run.clientId).catch((error: unknown) => context.log(`  could not delete session ${run.clientId}: ${String(error)}`));
}
