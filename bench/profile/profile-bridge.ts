/** A drain of the bridge under `node --cpu-prof`, kept to the window in which it was landing messages. */
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Contender } from '../contenders/contender.js';
import { drain, type DrainResult } from '../methods/drain.js';
import type { MethodContext } from '../methods/common.js';
import { analyseProfile, type CpuProfile, type FlameNode, type ProfileSummary } from './cpu-profile.js';

export interface BridgeProfile {
  /** The profiled drain (slower than the measured one: the profiler costs CPU). */
  drain: DrainResult;
  summary: ProfileSummary;
  flame: FlameNode;
}

export async function profileBridge(context: MethodContext, bridge: Contender): Promise<BridgeProfile> {
  const dir = path.join(context.workDir, 'cpu-profile');
  mkdirSync(dir, { recursive: true });
  // The profile's clock is CLOCK_MONOTONIC (process.hrtime); the landing window is in epoch ms.
  const monotonicMinusEpochUs = Number(process.hrtime.bigint() / 1000n) - Date.now() * 1000;
  const { result, landingWindow } = await drain(context, bridge, { cpuProfileDir: dir }, 'profile');
  const window = { fromUs: landingWindow.fromMs * 1000 + monotonicMinusEpochUs, toUs: landingWindow.toMs * 1000 + monotonicMinusEpochUs };
  // One profile per thread (tsx's module hooks run on a thread of their own): keep the busiest.
  const analysed = readdirSync(dir)
    .filter((name) => name.endsWith('.cpuprofile'))
    .map((name) => analyseProfile(JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as CpuProfile, window));
  const busiest = analysed.sort((a, b) => busySamples(b.summary) - busySamples(a.summary))[0];
  if (busiest === undefined) throw new Error(`the bridge wrote no CPU profile into ${dir} (it must exit normally on SIGTERM)`);
  return { drain: result, ...busiest };
}

function busySamples(summary: ProfileSummary): number {
  return summary.samples * (100 - summary.idlePercent);
}
