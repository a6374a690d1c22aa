/** One row per contender: the table at the top of the report and in the README. */
import { REFERENCES, type ContenderName } from '../options.js';
import type { RecoveryResult } from '../methods/recovery.js';
import { count, loss, milliseconds, rateLabel, ratio, table, worstDrainLoss } from './format.js';
import { SHORT_LABELS } from './svg.js';
import type { BenchResults } from './types.js';

/** The rate whose p99 the summary shows: 10k msg/s when measured, else the highest measured. */
export function summaryRate(r: BenchResults): number | undefined {
  const rates = [...new Set(r.live.map((l) => l.targetRate))];
  return rates.includes(10_000) ? 10_000 : rates.sort((a, b) => b - a)[0];
}

export function summaryTable(r: BenchResults): string {
  const rate = summaryRate(r);
  const ceiling = r.drain.find((d) => d.contender === 'ceiling');
  const headers = [
    'Contender',
    drainRuns(r) > 1 ? `Drain (msg/s, median of ${drainRuns(r)})` : 'Drain (msg/s)',
    'CPU s per 100k msgs',
    'Peak RSS (MB)',
    rate === undefined ? 'p99 latency' : `p99 latency at ${rateLabel(rate)} msg/s`,
    'Lost, live (worst rate)',
    'Lost after SIGKILL (catch-up)',
    `Lost in a ${r.settings.outageSeconds} s InfluxDB outage (catch-up)`,
  ];
  const rows = r.contenders.map((c) => {
    const label = SHORT_LABELS[c.name];
    if (c.skipped) return [label, `not measured: ${c.skipped}`, '', '', '', '', '', ''];
    const drain = r.drain.find((d) => d.contender === c.name);
    const live = r.live.filter((l) => l.contender === c.name);
    const latency = live.find((l) => l.targetRate === rate)?.latencyMs;
    const rss = [...r.drain, ...live, ...r.recovery].filter((x) => x.contender === c.name).map((x) => x.peakRssMB);
    const worst = [...live].sort((a, b) => b.lost / b.acked - a.lost / a.acked)[0];
    const lost = drain ? worstDrainLoss(drain) : 0;
    const drainText = drain
      ? `${count(drain.ratePerSecond)}${ceiling && c.name !== 'ceiling' ? ` (${ratio(drain.ratePerSecond / ceiling.ratePerSecond)} ceiling)` : ''}${lost > 0 ? `, lost ${loss(lost, drain.messages)}` : ''}`
      : '';
    return [
      label,
      drainText,
      drain ? drain.cpuSecondsPer100k.toFixed(1) : '',
      rss.length > 0 ? String(Math.max(...rss)) : '',
      latency ? milliseconds(latency.p99) : '',
      worst ? (worst.lost === 0 ? '0' : `${loss(worst.lost, worst.acked)} at ${rateLabel(worst.targetRate)}`) : '',
      recoveryCell(r, c.name, 'sigkill'),
      recoveryCell(r, c.name, 'influx-outage'),
    ];
  });
  return table(headers, rows);
}

function recoveryCell(r: BenchResults, name: ContenderName, scenario: RecoveryResult['scenario']): string {
  const reference = REFERENCES.get(name);
  if (reference) return `n/a (${reference})`;
  const result = r.recovery.find((x) => x.contender === name && x.scenario === scenario);
  if (!result) return '';
  const catchUp = result.catchUpSeconds === null ? 'never caught up' : `caught up in ${result.catchUpSeconds} s`;
  // One pair of brackets: "225 (0.3 %, never caught up)".
  return result.lost === 0 ? `0 (${catchUp})` : loss(result.lost, result.acked, catchUp);
}

/** Drains per contender; results from before repeated drains name none: one. */
export function drainRuns(r: BenchResults): number {
  return r.settings.drainRuns ?? 1;
}

/** "2 × AMD EPYC, 24 GiB, Node v20…, 2026-…". */
export function machineLine(r: BenchResults): string {
  return `${r.machine.cpus}, ${r.machine.memoryGiB} GiB, Node ${r.versions.node}, ${r.date.slice(0, 10)}`;
}
