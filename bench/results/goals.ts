/** The issue's goals, reported by the bench and never asserted: what was measured against each. */
import type { BenchResults, Goal } from './types.js';
import { count, milliseconds, ratio } from './format.js';

const P99_RATE = 10_000;
const P99_LIMIT_MS = 500;
const RSS_LIMIT_MB = 250;

export function evaluateGoals(r: Omit<BenchResults, 'goals'>): Goal[] {
  const drainOf = (name: string) => r.drain.find((d) => d.contender === name);
  const bridge = drainOf('bridge');
  const ceiling = drainOf('ceiling');
  const nodeRedBatch = drainOf('node-red-batch');
  const goals: Goal[] = [];

  const nearCeiling = compared('Bridge drain rate ≥ 0.9 × the ceiling’s', bridge?.ratePerSecond, ceiling?.ratePerSecond, 0.9, 'ceiling');
  const budget = bridge && ceiling && !nearCeiling.met ? cpuBudget(Number.parseInt(r.machine.cpus, 10), 0.9 * ceiling.ratePerSecond, bridge, ceiling) : undefined;
  goals.push(budget ? { ...nearCeiling, measured: `${nearCeiling.measured}; ${budget}` } : nearCeiling);
  goals.push(compared('Bridge drain rate ≥ 2 × the batched Node-RED flow’s', bridge?.ratePerSecond, nodeRedBatch?.ratePerSecond, 2, 'Node-RED batched'));

  // The ceiling stores nothing, so it is no contender for "lowest CPU".
  const lossless = r.drain.filter((d) => d.contender !== 'ceiling' && d.lost === 0 && !r.live.some((l) => l.contender === d.contender && l.lost > 0));
  const cheapest = [...lossless].sort((a, b) => a.cpuSecondsPer100k - b.cpuSecondsPer100k)[0];
  goals.push({
    goal: 'Lowest CPU seconds per 100,000 messages of all contenders that lose nothing',
    measured: cheapest
      ? `lossless: ${lossless.map((d) => `${d.contender} ${d.cpuSecondsPer100k}`).join(', ')} (drain)`
      : 'no contender lost nothing',
    met: bridge === undefined ? null : cheapest?.contender === 'bridge',
  });

  const at10k = r.live.find((l) => l.contender === 'bridge' && l.targetRate === P99_RATE);
  goals.push({
    goal: `p99 publish → queryable ≤ ${milliseconds(P99_LIMIT_MS)} at ${count(P99_RATE)} msg/s`,
    measured: at10k?.latencyMs ? `p99 ${milliseconds(at10k.latencyMs.p99)}` : 'not measured',
    met: at10k?.latencyMs ? at10k.latencyMs.p99 <= P99_LIMIT_MS : null,
  });

  const bridgeRss = [...r.drain, ...r.live, ...r.recovery].filter((x) => x.contender === 'bridge').map((x) => x.peakRssMB);
  goals.push({
    goal: `Bridge peak RSS ≤ ${RSS_LIMIT_MB} MB, also through the outage`,
    measured: bridgeRss.length > 0 ? `max ${Math.max(...bridgeRss)} MB over ${bridgeRss.length} runs` : 'not measured',
    met: bridgeRss.length > 0 ? Math.max(...bridgeRss) <= RSS_LIMIT_MB : null,
  });

  const recoveries = r.recovery.filter((x) => x.contender === 'bridge');
  goals.push({
    goal: 'Zero loss in every recovery scenario',
    measured: recoveries.length > 0 ? recoveries.map((x) => `${x.scenario}: lost ${count(x.lost)}`).join(', ') : 'not measured',
    met: recoveries.length > 0 ? recoveries.every((x) => x.lost === 0) : null,
  });
  return goals;
}

/**
 * Whether the machine could carry a storing contender at `rate` at all: the CPU its cores give per
 * 100,000 messages at that rate, less what Mosquitto and InfluxDB took per 100,000 beside the bridge,
 * against what the ceiling spends on receiving them and nothing else.
 */
function cpuBudget(cores: number, rate: number, bridge: BenchResults['drain'][number], ceiling: BenchResults['drain'][number]): string | undefined {
  if (!(cores > 0) || rate <= 0) return undefined;
  const given = (cores * 100_000) / rate;
  const left = given - bridge.mosquittoCpuSecondsPer100k - bridge.influxdCpuSecondsPer100k;
  const two = (seconds: number): string => seconds.toFixed(2);
  const verdict =
    left < ceiling.cpuSecondsPer100k
      ? `less than the ceiling's own ${two(ceiling.cpuSecondsPer100k)} for receiving alone: no contender that stores into InfluxDB can reach it on this machine`
      : `against the ceiling's ${two(ceiling.cpuSecondsPer100k)} for receiving alone`;
  return `at ${count(Math.round(rate))} msg/s, ${cores} cores give ${two(given)} CPU s per 100k; Mosquitto (${two(bridge.mosquittoCpuSecondsPer100k)}) and InfluxDB (${two(bridge.influxdCpuSecondsPer100k)}), as measured beside the bridge, leave ${two(left)}, ${verdict}`;
}

function compared(goal: string, bridge: number | undefined, other: number | undefined, factor: number, otherName: string): Goal {
  if (bridge === undefined || other === undefined || other === 0) return { goal, measured: 'not measured', met: null };
  return { goal, measured: `${count(bridge)} vs ${otherName} ${count(other)} msg/s = ${ratio(bridge / other)}`, met: bridge >= factor * other };
}
