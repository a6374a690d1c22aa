/** Writes one run's results: bench.json, bench.md and the PNG plots. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FlameNode } from '../profile/cpu-profile.js';
import { LATENCY_SIZE, THROUGHPUT_SIZE, latencyChart, throughputChart, throughputHeight } from './charts.js';
import { FLAME_WIDTH, flameGraph, flameGraphHeight } from './flame-graph.js';
import { renderPng } from './rasterize.js';
import { PLOTS, markdownReport } from './report.js';
import { machineLine } from './summary.js';
import type { BenchResults } from './types.js';

/** Returns what could not be written (a missing Chromium), for the run's problems list. */
export function writeResults(outDir: string, r: BenchResults, flame: FlameNode | undefined, scratchDir: string): string[] {
  mkdirSync(outDir, { recursive: true });
  const problems: string[] = [];
  const subtitle = `${machineLine(r)} · ${r.versions.mosquitto} · ${r.versions.influxdb}`;
  const png = (svg: string, size: { width: number; height: number }, file: string): void => {
    const problem = renderPng(svg, size, path.join(outDir, file), scratchDir);
    if (problem) problems.push(problem);
  };
  if (r.drain.length > 0) {
    png(throughputChart(r.drain, subtitle), { width: THROUGHPUT_SIZE.width, height: throughputHeight(r.drain.length) }, PLOTS.throughput);
  }
  if (r.live.length > 0) png(latencyChart(r.live, subtitle), LATENCY_SIZE, PLOTS.latency);
  if (flame) {
    const title = 'The bridge draining a backlog under node --cpu-prof: call tree, width = share of busy CPU time';
    png(flameGraph(flame, title, subtitle), { width: FLAME_WIDTH, height: flameGraphHeight(flame) }, PLOTS.flame);
  }
  const withProblems = { ...r, errors: [...r.errors, ...problems] };
  writeFileSync(path.join(outDir, 'bench.json'), `${JSON.stringify(withProblems, null, 2)}\n`);
  writeFileSync(path.join(outDir, 'bench.md'), markdownReport(withProblems));
  return problems;
}
