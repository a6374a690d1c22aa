/** What every contender offers the methods: start it for a run, stop it gently or kill it. */
import type { ContenderName } from '../options.js';
import type { LatencyHistogram } from '../measure/histogram.js';
import type { BenchStack } from '../stack.js';

/** One measurement of one contender: its own session, database and scratch folder. */
export interface RunSpec {
  readonly id: string;
  /** The fixed client id of the persistent session (clean start off). */
  readonly clientId: string;
  /** Where it writes (contenders that store into InfluxDB). */
  readonly database: string;
  /** Scratch folder, kept across restarts within the run (the bridge's queue lives here). */
  readonly dir: string;
}

export interface StartOptions {
  /** Write a V8 CPU profile into this folder when the process exits (the bridge only). */
  cpuProfileDir?: string;
}

/** What the ceiling counts in its own process; the others are counted in InfluxDB. */
export interface Counter {
  readonly count: number;
  /** Epoch ms of the first and the latest message counted. */
  readonly firstAt: number | undefined;
  readonly lastAt: number | undefined;
  /** Forgets what was counted so far (the readiness probe). */
  reset(): void;
  /** Receive time − `ts` of every message counted since the last reset. */
  latencies(): Promise<LatencyHistogram>;
}

export interface ContenderProcess {
  readonly pid: number;
  readonly logFile: string;
  readonly exited: Promise<void>;
  readonly counter?: Counter;
  /** SIGTERM and wait (SIGKILL after a timeout). */
  stop(): Promise<void>;
  /** SIGKILL: a crash. */
  kill(): Promise<void>;
}

export interface Contender {
  readonly name: ContenderName;
  readonly label: string;
  /** Why it cannot run on this machine (absent when it can). */
  readonly unavailable?: string;
  /** One-time setup before the first run (an installation). */
  prepare?(): Promise<void>;
  /** Versions of what it runs, for the results. */
  versions(): Record<string, string>;
  start(run: RunSpec, options?: StartOptions): Promise<ContenderProcess>;
}

export interface ContenderContext {
  readonly stack: BenchStack;
  /** Where the contenders' logs go. */
  readonly logDir: string;
}
