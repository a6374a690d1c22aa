/** The harness's side of the bridge's micro-benchmarks (bridge/bench/micro.ts). */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { MICRO_BENCH, nodeTypeScript } from './paths.js';
import type { MicroResult } from './results/types.js';

/** The bridge's micro-benchmarks, in a process of their own (they import the bridge's internals). */
export function runMicro(log: (line: string) => void, errors: string[]): MicroResult[] {
  log('micro-benchmarks: pipeline, durable queue');
  const result = spawnSync(process.execPath, nodeTypeScript(MICRO_BENCH), { cwd: path.dirname(MICRO_BENCH), encoding: 'utf8', maxBuffer: 2 ** 24 });
  if (result.status !== 0) {
    errors.push(`micro-benchmarks failed: ${result.stderr.trim().split('\n').slice(0, 3).join(' ')}`);
    return [];
  }
  const micro = JSON.parse(result.stdout) as MicroResult[];
  for (const m of micro) log(`  ${m.name}: ${m.value.toLocaleString('en')} ${m.unit}`);
  return micro;
}
