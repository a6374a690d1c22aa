/** bench-results/bench.md: every figure of one run, how it was measured, and on what. */
import { count, drainRate, loss, milliseconds, rateLabel, table } from './format.js';
import { SHORT_LABELS } from './svg.js';
import { drainRuns, machineLine, summaryTable } from './summary.js';
import type { BenchResults } from './types.js';

export const PLOTS = { throughput: 'throughput.png', latency: 'latency.png', flame: 'bridge-flame.png' } as const;

export function markdownReport(r: BenchResults): string {
  const s = r.settings;
  const sections = [
    `# Benchmark: the bridge beside the alternatives\n\n` +
      `\`npm run bench\`${r.quick ? ' --quick' : ''} on ${machineLine(r)} (${r.machine.os}); the run took ${r.durationMinutes} minutes. ` +
      `Load average at start ${r.machine.loadAverageAtStart.join(' / ')}, at end ${r.machine.loadAverageAtEnd.join(' / ')}: ` +
      'the machine is shared, and other work ran beside the bench, so absolute figures move from run to run; ' +
      'contenders measured in the same run, on the same broker and database, compare fairly.',
    `## Summary\n\n${summaryTable(r)}\n\n![Drain throughput](${PLOTS.throughput})\n\n![Latency against rate](${PLOTS.latency})`,
    `## Goals (reported, never asserted)\n\n${table(
      ['Goal', 'Measured', 'Met'],
      r.goals.map((g) => [g.goal, g.measured, g.met === null ? 'not measured' : g.met ? 'yes' : '**no**']),
    )}`,
    `## Drain: ${count(s.drainMessages)} messages queued in the broker, then drained${drainRunsNote(drainRuns(r))}\n\n${table(
      ['Contender', 'msg/s', 'Landed / acknowledged', 'Lost', 'From start (s)', 'CPU s / 100k', 'influxd CPU s / 100k', 'mosquitto CPU s / 100k', 'Peak RSS (MB)'],
      r.drain.map((d) => [
        SHORT_LABELS[d.contender],
        drainRate(d),
        `${count(d.landed)} / ${count(d.messages)}`,
        `${loss(d.lost, d.messages, d.ended)}${runsLost(d)}`,
        String(d.secondsFromStart),
        d.cpuSecondsPer100k.toFixed(2),
        d.influxdCpuSecondsPer100k.toFixed(2),
        d.mosquittoCpuSecondsPer100k.toFixed(2),
        String(d.peakRssMB),
      ]),
    )}\n\nThe backlog went into the broker at ${r.drain.map((d) => `${count(d.publishRatePerSecond)}`).join(' / ')} msg/s (not part of any figure).`,
    `## Live: fixed rates for ${s.rateSeconds} s each, from a separate publisher process\n\n${table(
      ['Contender', 'Rate (target / achieved)', 'Lost', 'p50', 'p95', 'p99', 'max', 'CPU s / 100k', 'influxd CPU s / 100k', 'Peak RSS (MB)'],
      r.live.map((l) => [
        SHORT_LABELS[l.contender],
        `${rateLabel(l.targetRate)} / ${count(l.achievedRate)}`,
        loss(l.lost, l.acked, l.ended),
        ...(l.latencyMs ? [l.latencyMs.p50, l.latencyMs.p95, l.latencyMs.p99, l.latencyMs.max].map(milliseconds) : ['', '', '', '']),
        l.cpuSecondsPer100k.toFixed(2),
        l.influxdCpuSecondsPer100k.toFixed(2),
        String(l.peakRssMB),
      ]),
    )}`,
    `## Recovery at ${count(s.recoveryRate)} msg/s\n\n${table(
      ['Contender', 'Disruption', 'Acknowledged', 'Lost', 'Catch-up', 'Peak RSS (MB)'],
      r.recovery.map((x) => [
        SHORT_LABELS[x.contender],
        x.scenario === 'sigkill' ? `SIGKILL, restarted after ${x.downSeconds} s` : `InfluxDB down for ${x.downSeconds} s`,
        count(x.acked),
        loss(x.lost, x.acked, x.ended),
        x.catchUpSeconds === null ? 'never caught up' : `${x.catchUpSeconds} s`,
        String(x.peakRssMB),
      ]),
    )}`,
    profileSection(r),
    `## Micro-benchmarks (bridge/bench/micro.ts, one core, no servers)\n\n${table(
      ['Measurement', 'Result'],
      r.micro.map((m) => [m.name, `${count(m.value)} ${m.unit}`]),
    )}`,
    `## Method\n\n${Object.entries(r.method)
      .map(([name, text]) => `- **${name}**: ${text}`)
      .join('\n')}`,
    `## Versions\n\n${table(['Component', 'Version'], Object.entries(r.versions).map(([k, v]) => [k, v]))}`,
    ...(r.errors.length > 0 ? [`## Problems during the run\n\n${r.errors.map((e) => `- ${e}`).join('\n')}`] : []),
  ];
  return `${sections.filter((section) => section !== '').join('\n\n')}\n`;
}

function drainRunsNote(runs: number): string {
  return runs > 1 ? `, ${runs} times per contender in turns; the figures are those of the median run` : '';
}

/** Every run's loss when any run lost: the row's own figures are the median run's alone. */
function runsLost(d: BenchResults['drain'][number]): string {
  const lost = (d.runs ?? []).map((run) => run.lost);
  return lost.some((n) => n > 0) ? `; in the ${lost.length} runs: ${lost.map(count).join(' / ')}` : '';
}

function profileSection(r: BenchResults): string {
  if (!r.profile) return '';
  const p = r.profile.summary;
  return `## Where the bridge spends its CPU at saturation\n\n` +
    `A drain of the bridge under \`node --cpu-prof\` (${count(r.profile.drainRatePerSecond)} msg/s with the profiler on), ` +
    `${p.windowSeconds} s of samples while it was landing messages; the main thread was idle ${p.idlePercent} % of that window. ` +
    `Shares are of the busy time.\n\n` +
    `${table(['Area', 'Self time'], p.areas.slice(0, 15).map((a) => [a.area, `${a.percent} %`]))}\n\n` +
    `${table(['Function (self time)', 'Where', 'Self time'], p.topSelf.slice(0, 20).map((f) => [`\`${f.function}\``, f.location, `${f.percent} %`]))}\n\n` +
    `${table(['Function (inclusive)', 'Where', 'Inclusive'], p.topInclusive.slice(0, 20).map((f) => [`\`${f.function}\``, f.location, `${f.percent} %`]))}\n\n` +
    `![Flame graph of the bridge at saturation](${PLOTS.flame})`;
}
