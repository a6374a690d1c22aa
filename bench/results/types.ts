/** bench-results/bench.json: everything one `npm run bench` measured, and on what. */
import type { DrainResult } from '../methods/drain.js';
import type { LiveResult } from '../methods/live.js';
import type { RecoveryResult } from '../methods/recovery.js';
import type { ContenderName } from '../options.js';
import type { ProfileSummary } from '../profile/cpu-profile.js';

// The shape the bridge's micro-benchmark process prints: one definition, on the side that writes it.
export type { MicroResult } from '../../bridge/bench/micro.js';
import type { MicroResult } from '../../bridge/bench/micro.js';

export interface ContenderEntry {
  name: ContenderName;
  label: string;
  /** Why it was not measured (e.g. not installed). */
  skipped?: string;
}

export interface Goal {
  goal: string;
  measured: string;
  /** null: not measured in this run. */
  met: boolean | null;
}

export interface BenchResults {
  date: string;
  durationMinutes: number;
  quick: boolean;
  machine: {
    cpus: string;
    memoryGiB: number;
    os: string;
    loadAverageAtStart: number[];
    loadAverageAtEnd: number[];
  };
  versions: Record<string, string>;
  settings: {
    drainMessages: number;
    /** Drains per contender (the median is reported); absent in results from before repeated drains: one. */
    drainRuns?: number;
    rates: number[];
    rateSeconds: number;
    recoveryRate: number;
    outageSeconds: number;
    devices: number;
  };
  /** How each figure is obtained (copied into the Markdown report). */
  method: Record<string, string>;
  contenders: ContenderEntry[];
  drain: DrainResult[];
  live: LiveResult[];
  recovery: RecoveryResult[];
  micro: MicroResult[];
  profile?: { drainRatePerSecond: number; summary: ProfileSummary };
  goals: Goal[];
  /** Anything that failed but did not stop the run. */
  errors: string[];
}
