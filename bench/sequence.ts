/**
 * The order of the measurements: every contender through drain, then every live rate, then the
 * recovery scenarios, then the bridge's CPU profile. A failed run is reported and the rest go on.
 */
import type { Contender } from './contenders/contender.js';
import type { MethodContext } from './methods/common.js';
import { drain, medianRun, type DrainResult } from './methods/drain.js';
import { live, type LiveResult } from './methods/live.js';
import { recovery, type RecoveryResult } from './methods/recovery.js';
import { profileBridge, type BridgeProfile } from './profile/profile-bridge.js';
import { REFERENCES } from './options.js';
import type { ContenderEntry } from './results/types.js';

/** Runs `run`; a failure is logged and noted, and yields undefined. */
export type Attempt = <T>(what: string, run: () => Promise<T>) => Promise<T | undefined>;

export interface Measurements {
  contenders: ContenderEntry[];
  drain: DrainResult[];
  live: LiveResult[];
  recovery: RecoveryResult[];
  profile: BridgeProfile | undefined;
}

export async function measureAll(context: MethodContext, contenders: readonly Contender[], attempt: Attempt): Promise<Measurements> {
  const { entries, runnable } = await prepare(contenders, context, attempt);
  return {
    contenders: entries,
    drain: await drains(context, runnable, attempt),
    live: await lives(context, runnable, attempt),
    recovery: context.options.recovery ? await recoveries(context, runnable, attempt) : [],
    profile: await profile(context, runnable, attempt),
  };
}

async function prepare(contenders: readonly Contender[], context: MethodContext, attempt: Attempt): Promise<{ entries: ContenderEntry[]; runnable: Contender[] }> {
  const entries: ContenderEntry[] = [];
  const runnable: Contender[] = [];
  for (const contender of contenders) {
    let skipped = contender.unavailable;
    if (skipped === undefined && contender.prepare) {
      const prepared = await attempt(`preparing ${contender.name}`, async () => (await contender.prepare?.(), true));
      if (!prepared) skipped = 'its preparation failed (see the problems)';
    }
    entries.push({ name: contender.name, label: contender.label, ...(skipped ? { skipped } : {}) });
    if (skipped) context.log(`${contender.name}: not measured — ${skipped}`);
    else runnable.push(contender);
  }
  return { entries, runnable };
}

/**
 * Each contender drained `drainRuns` times, in rounds (every contender once, then again), so that a
 * change in the machine's load touches them alike; the median run is reported.
 */
async function drains(context: MethodContext, runnable: readonly Contender[], attempt: Attempt): Promise<DrainResult[]> {
  const runs = new Map<Contender, DrainResult[]>(runnable.map((contender) => [contender, []]));
  const rounds = context.options.drainRuns;
  for (let round = 1; round <= rounds; round++) {
    for (const contender of runnable) {
      context.log(`drain${rounds > 1 ? ` ${round}/${rounds}` : ''}: ${contender.name}`);
      const d = (await attempt(`drain ${contender.name}`, () => drain(context, contender)))?.result;
      if (!d) continue;
      runs.get(contender)!.push(d);
      context.log(`  ${d.ratePerSecond.toLocaleString('en')} msg/s, lost ${d.lost} (${d.ended}), ${d.cpuSecondsPer100k} CPU s / 100k, peak RSS ${d.peakRssMB} MB`);
    }
  }
  return [...runs.values()].filter((results) => results.length > 0).map(medianRun);
}

/** Rate by rate, every contender at each, so that a change in the machine's load touches them alike. */
async function lives(context: MethodContext, runnable: readonly Contender[], attempt: Attempt): Promise<LiveResult[]> {
  const results: LiveResult[] = [];
  for (const rate of context.options.rates) {
    for (const contender of runnable) {
      context.log(`live ${rate} msg/s: ${contender.name}`);
      const l = await attempt(`live ${rate} ${contender.name}`, () => live(context, contender, rate));
      if (!l) continue;
      results.push(l);
      const p = l.latencyMs;
      const latency = p ? `${p.p50}/${p.p95}/${p.p99}` : '-';
      context.log(`  achieved ${l.achievedRate}, lost ${l.lost} (${l.ended}), p50/p95/p99 ${latency} ms, ${l.cpuSecondsPer100k} CPU s / 100k, RSS ${l.peakRssMB} MB`);
    }
  }
  return results;
}

/** The contenders, not the references (options.ts). */
async function recoveries(context: MethodContext, runnable: readonly Contender[], attempt: Attempt): Promise<RecoveryResult[]> {
  const results: RecoveryResult[] = [];
  for (const contender of runnable.filter((c) => !REFERENCES.has(c.name))) {
    for (const scenario of ['sigkill', 'influx-outage'] as const) {
      context.log(`recovery ${scenario}: ${contender.name}`);
      const x = await attempt(`recovery ${scenario} ${contender.name}`, () => recovery(context, contender, scenario));
      if (!x) continue;
      results.push(x);
      const catchUp = x.catchUpSeconds === null ? 'never' : `${x.catchUpSeconds} s`;
      context.log(`  lost ${x.lost} of ${x.acked} (${x.ended}), catch-up ${catchUp}, peak RSS ${x.peakRssMB} MB`);
    }
  }
  return results;
}

async function profile(context: MethodContext, runnable: readonly Contender[], attempt: Attempt): Promise<BridgeProfile | undefined> {
  const bridge = runnable.find((c) => c.name === 'bridge');
  if (!context.options.profile || !bridge) return undefined;
  context.log('CPU profile: bridge drain under --cpu-prof');
  const result = await attempt('CPU profile of the bridge', () => profileBridge(context, bridge));
  for (const f of result?.summary.topSelf.slice(0, 8) ?? []) context.log(`  ${f.percent} % ${f.function} ${f.location}`);
  return result;
}
