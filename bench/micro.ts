/** The harness's side of the bridge's micro-benchmarks (bridge/bench/micro.ts of the bridge measured). */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { BridgeSource } from './contenders/bridge-source.js';
import { nodeTypeScript } from './paths.js';
import type { MicroResult } from './results/types.js';

/** The bridge's micro-benchmarks, in a process of their own (they import the bridge's internals). */
export function runMicro(bridge: BridgeSource, log: (line: string) => void, errors: string[]): MicroResult[] {
  log('micro-benchmarks: pipeline, durable queue');
  const bridgeDir = path.dirname(path.dirname(bridge.main));
  const file = path.join(bridgeDir, 'bench/micro.ts');
  if (!existsSync(file)) {
    errors.push('micro-benchmarks: the bridge measured has no bench/micro.ts');
    return [];
  }
  const result = spawnSync(process.execPath, nodeTypeScript(file), { cwd: bridgeDir, encoding: 'utf8', maxBuffer: 2 ** 24 });
  if (result.status !== 0) {
    errors.push(`micro-benchmarks failed: ${result.stderr.trim().split('\n').slice(0, 3).join(' ')}`);
    return [];
  }
  const micro = JSON.parse(result.stdout) as MicroResult[];
  for (const m of micro) log(`  ${m.name}: ${m.value.toLocaleString('en')} ${m.unit}`);
  return micro;
}
