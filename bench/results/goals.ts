/** The issue's goals, reported by the bench and never asserted: what was measured against each. */
import { REFERENCES } from '../options.js';
import type { BenchResults, Goal } from './types.js';
import { count, milliseconds, ratio, worstDrainLoss } from './format.js';

const P99_RATE = 10_000;
const P99_LIMIT_MS = 500;
const RSS_LIMIT_MB = 250;

export function evaluateGoals(r: Omit<BenchResults, 'goals'>): Goal[] {
  const drainOf = (name: string) => r.drain.find((d) => d.contender === name);
  const bridge = drainOf('bridge');
  const ceiling = drainOf('ceiling');
  const nodeRedBatch = drainOf('node-red-batch');
  const goals: Goal[] = [];

  const cores = Number.parseInt(r.machine.cpus, 10);
  const nearCeiling = compared('Bridge drain rate ≥ 0.9 × the ceiling’s', bridge, ceiling, 0.9, 'ceiling');
  const passthrough = drainOf('passthrough');
  // Held against the least that storing costs when the pass-through was measured, else against receiving alone.
  const leastCost = passthrough
    ? { cpu: passthrough.cpuSecondsPer100k, text: `the pass-through's own ${two(passthrough.cpuSecondsPer100k)} for receiving and storing with nothing else` }
    : ceiling && { cpu: ceiling.cpuSecondsPer100k, text: `the ceiling's own ${two(ceiling.cpuSecondsPer100k)} for receiving alone` };
  const ceilingBudget =
    bridge && ceiling && leastCost && !nearCeiling.met
      ? cpuBudget(cores, 0.9 * ceiling.ratePerSecond, bridge, { ...leastCost, whenShort: () => 'no contender that stores into InfluxDB can reach it on this machine' })
      : undefined;
  goals.push(withNotes(nearCeiling, passthroughText(passthrough, ceiling, bridge), ceilingBudget));
  const twiceNodeRed = compared('Bridge drain rate ≥ 2 × the batched Node-RED flow’s', bridge, nodeRedBatch, 2, 'Node-RED batched');
  // Node-RED's drain can be bound by the cores too: then twice its rate may not fit beside the servers at the bridge's cost.
  const nodeRedBudget =
    bridge && nodeRedBatch && !twiceNodeRed.met
      ? cpuBudget(cores, 2 * nodeRedBatch.ratePerSecond, bridge, {
          cpu: bridge.cpuSecondsPer100k,
          text: `the ${two(bridge.cpuSecondsPer100k)} the bridge spent in this drain`,
          whenShort: (left) => `on this machine it must first spend ${Math.ceil((1 - left / bridge.cpuSecondsPer100k) * 100)} % less CPU per message`,
        })
      : undefined;
  goals.push(withNotes(twiceNodeRed, nodeRedBudget));

  // The references are yardsticks, not contenders for "lowest CPU".
  const lossless = r.drain.filter((d) => !REFERENCES.has(d.contender) && worstDrainLoss(d) === 0 && !r.live.some((l) => l.contender === d.contender && l.lost > 0));
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

/** The goal with what else explains its figure after what was measured, those that apply. */
function withNotes(goal: Goal, ...notes: Array<string | undefined>): Goal {
  return { ...goal, measured: [goal.measured, ...notes].filter((note) => note !== undefined).join('; ') };
}

/** How near the ceiling storing came at all: the pass-through's drain, and the bridge's against it. */
function passthroughText(passthrough: Drain | undefined, ceiling: Drain | undefined, bridge: Drain | undefined): string | undefined {
  if (!passthrough || !ceiling || ceiling.ratePerSecond === 0 || passthrough.ratePerSecond === 0) return undefined;
  const againstBridge = bridge ? `, and the bridge ${ratio(bridge.ratePerSecond / passthrough.ratePerSecond)} the pass-through` : '';
  return `the pass-through (MQTT.js straight into InfluxDB, nothing else) drained ${count(passthrough.ratePerSecond)} msg/s = ${ratio(passthrough.ratePerSecond / ceiling.ratePerSecond)} the ceiling${againstBridge}`;
}

/** A measured cost per 100,000 messages that a CPU budget is held against, and what it means to fall short of it. */
interface Cost {
  cpu: number;
  /** The cost in words, its figure included: "the ceiling's own 0.69 for receiving alone". */
  text: string;
  /** What falling short means, given what is left. */
  whenShort(left: number): string;
}

/**
 * Whether the machine's cores could carry the bridge at `rate` at all: the CPU they give per 100,000
 * messages at that rate, less what Mosquitto and InfluxDB took per 100,000 beside the bridge, against
 * a measured cost per 100,000 (the ceiling's for receiving alone, or the bridge's own).
 */
function cpuBudget(cores: number, rate: number, bridge: BenchResults['drain'][number], cost: Cost): string | undefined {
  if (!(cores > 0) || rate <= 0) return undefined;
  const given = (cores * 100_000) / rate;
  const left = given - bridge.mosquittoCpuSecondsPer100k - bridge.influxdCpuSecondsPer100k;
  const verdict = left < cost.cpu ? `less than ${cost.text}: ${cost.whenShort(left)}` : `against ${cost.text}`;
  return `at ${count(Math.round(rate))} msg/s, ${cores} cores give ${two(given)} CPU s per 100k; Mosquitto (${two(bridge.mosquittoCpuSecondsPer100k)}) and InfluxDB (${two(bridge.influxdCpuSecondsPer100k)}), as measured beside the bridge, leave ${two(left)}, ${verdict}`;
}

const two = (seconds: number): string => seconds.toFixed(2);

type Drain = BenchResults['drain'][number];

/** Judged on the median drains; with several rounds, the ratio of each round (taken minutes apart, under the load of that moment) beside it. */
function compared(goal: string, bridge: Drain | undefined, other: Drain | undefined, factor: number, otherName: string): Goal {
  if (bridge === undefined || other === undefined || other.ratePerSecond === 0) return { goal, measured: 'not measured', met: null };
  const medians = `${count(bridge.ratePerSecond)} vs ${otherName} ${count(other.ratePerSecond)} msg/s = ${ratio(bridge.ratePerSecond / other.ratePerSecond)}`;
  return { goal, measured: `${medians}${roundByRound(bridge, other)}`, met: bridge.ratePerSecond >= factor * other.ratePerSecond };
}

/** Empty unless both were drained in the same rounds (a failed run leaves the rounds unpaired). */
function roundByRound(bridge: Drain, other: Drain): string {
  const mine = bridge.runs;
  const theirs = other.runs;
  if (!mine || !theirs || mine.length !== theirs.length || theirs.some((run) => run.ratePerSecond === 0)) return '';
  return ` (round by round: ${mine.map((run, i) => ratio(run.ratePerSecond / theirs[i]!.ratePerSecond)).join(', ')})`;
}
