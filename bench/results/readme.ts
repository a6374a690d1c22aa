/**
 * The README's benchmark section, generated from bench-results/bench.json (and the panel's own
 * results), between the `<!-- bench:table -->` and `<!-- bench:end -->` markers. `--readme` writes
 * it; `--check` fails when the README says something else than the results.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { README, RESULTS_DIR, ROOT } from '../paths.js';
import { count, table, wrap } from './format.js';
import { PLOTS } from './report.js';
import { drainRuns, machineLine, summaryTable } from './summary.js';
import type { BenchResults } from './types.js';

const START = '<!-- bench:table -->';
const END = '<!-- bench:end -->';
const PANEL_RESULTS = path.join(ROOT, 'grafana-plugin/bench-results/panel-render.json');

interface PanelRender {
  devices: number;
  rooms: number;
  mountWithSparklines: { renderMs: number };
  mountWithoutSparklines: { renderMs: number };
  refreshWithSparklines: { renderMs: number };
}

export function readmeSection(r: BenchResults): string {
  const results = path.relative(ROOT, RESULTS_DIR);
  const skipped = r.contenders.filter((c) => c.skipped);
  const measured = (name: string) => r.contenders.some((c) => c.name === name && !c.skipped);
  const intro =
    `\`npm run bench\` (several minutes; never in CI) starts its own Mosquitto (shipped settings) and InfluxDB 1.6 and measures, ` +
    `in one run on the same broker and database, a do-nothing MQTT.js subscriber (the ceiling)${measured('passthrough') ? ', MQTT.js straight into InfluxDB with nothing else (the pass-through)' : ''}, the bridge, Node-RED ` +
    `(batched, and one write per message) and Telegraf: drain (${count(r.settings.drainMessages)} messages queued while the ` +
    `contender is away, then timed until queryable${drainRuns(r) > 1 ? `; ${drainRuns(r)} times each, in turns, the median reported` : ''}), live rates from a separate publisher process (publish → queryable ` +
    `latency) and recovery (SIGKILL; InfluxDB down for ${r.settings.outageSeconds} s) at ${count(r.settings.recoveryRate)} msg/s. ` +
    `Measured on ${machineLine(r)}, a machine shared with other work (1-minute load average ${r.machine.loadAverageAtStart[0]} at the start, ${r.machine.loadAverageAtEnd[0]} at the end)` +
    `${skipped.length > 0 ? `; not measured: ${skipped.map((c) => `${c.name}, ${c.skipped}`).join('; ')}` : ''}. ` +
    `Options, method, every figure and the bridge's CPU profile: [${results}/bench.md](${results}/bench.md); ` +
    `plots: [throughput](${results}/${PLOTS.throughput}), [latency against rate](${results}/${PLOTS.latency}).`;
  const alone = table(['Measured alone', 'Result'], [...r.micro.map((m) => [m.name, `${count(m.value)} ${m.unit}`]), ...panelRows()]);
  return `${START}\n${wrap(intro)}\n\n${summaryTable(r)}\n\n${alone}\n${END}`;
}

function panelRows(): string[][] {
  if (!existsSync(PANEL_RESULTS)) return [];
  const panel = JSON.parse(readFileSync(PANEL_RESULTS, 'utf8')) as PanelRender;
  const who = `${count(panel.devices)} devices in ${count(panel.rooms)} rooms`;
  return [
    [`Building panel, ${who}, first render in headless Chromium (sparklines on / off)`, `${panel.mountWithSparklines.renderMs} ms / ${panel.mountWithoutSparklines.renderMs} ms`],
    [`Building panel, refresh with new data (${count(panel.devices)} devices)`, `${panel.refreshWithSparklines.renderMs} ms`],
  ];
}

export function readSavedResults(): BenchResults {
  const file = path.join(RESULTS_DIR, 'bench.json');
  if (!existsSync(file)) throw new Error(`${path.relative(ROOT, file)} does not exist yet: run \`npm run bench\` first`);
  return JSON.parse(readFileSync(file, 'utf8')) as BenchResults;
}

/** The README with its benchmark section replaced by `section`. */
function withSection(readme: string, section: string): string {
  const start = readme.indexOf(START);
  if (start < 0) throw new Error(`README.md has no ${START} marker`);
  const end = readme.indexOf(END, start);
  if (end < 0) throw new Error(`README.md has no ${END} marker after ${START}`);
  return `${readme.slice(0, start)}${section}${readme.slice(end + END.length)}`;
}

export function writeReadme(r: BenchResults): void {
  writeFileSync(README, withSection(readFileSync(README, 'utf8'), readmeSection(r)));
}

/** Undefined when the README matches the results; otherwise what to do about it. */
export function checkReadme(r: BenchResults): string | undefined {
  const readme = readFileSync(README, 'utf8');
  if (withSection(readme, readmeSection(r)) === readme) return undefined;
  return 'The README\'s benchmark section differs from bench-results/bench.json; run `npm run bench -- --readme` to regenerate it.';
}
