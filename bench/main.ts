/**
 * `npm run bench`: the bridge measured beside the ceiling, Node-RED and Telegraf on one broker and one
 * InfluxDB the bench starts itself. Figures are printed and saved, never asserted. See bench/README.md.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bridgeSource } from './contenders/bridge-source.js';
import { makeContenders } from './contenders/index.js';
import { DEVICES, type MethodContext } from './methods/common.js';
import { HELP, UsageError, parseOptions, type BenchOptions } from './options.js';
import { runMicro } from './micro.js';
import { RESULTS_DIR } from './paths.js';
import { loadAverage, machine, serverVersions } from './results/environment.js';
import { evaluateGoals } from './results/goals.js';
import { checkReadme, readSavedResults, writeReadme } from './results/readme.js';
import { markdownReport } from './results/report.js';
import { summaryTable } from './results/summary.js';
import { METHOD } from './results/method.js';
import type { BenchResults } from './results/types.js';
import { writeResults } from './results/write.js';
import { measureAll, type Attempt } from './sequence.js';
import { BenchStack } from './stack.js';

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

async function main(): Promise<number> {
  let options: BenchOptions;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`bench: ${error.message}\n\n${HELP}`);
    return 2;
  }
  switch (options.command) {
    case 'help':
      log(HELP);
      return 0;
    case 'readme':
    case 'check':
      try {
        return readmeCommand(options.command);
      } catch (error) {
        process.stderr.write(`bench: ${(error as Error).message}\n`);
        return 1;
      }
    case 'run':
      return runBench(options);
  }
}

function readmeCommand(command: 'readme' | 'check'): number {
  // The goals are judged anew from the saved figures, so that their wording follows goals.ts.
  const figures = readSavedResults();
  const saved: BenchResults = { ...figures, goals: evaluateGoals(figures) };
  if (command === 'readme') {
    writeReadme(saved);
    writeFileSync(path.join(RESULTS_DIR, 'bench.json'), `${JSON.stringify(saved, null, 2)}\n`);
    writeFileSync(path.join(RESULTS_DIR, 'bench.md'), markdownReport(saved));
    log('README.md (benchmark section), bench-results/bench.json (goals) and bench.md rewritten from bench-results/bench.json');
    return 0;
  }
  const problem = checkReadme(saved);
  log(problem ?? 'README.md matches bench-results/bench.json');
  return problem ? 1 : 0;
}

async function runBench(options: BenchOptions): Promise<number> {
  const startedAt = Date.now();
  const atStart = machine();
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'sensorplus-bench-'));
  const logDir = path.join(workDir, 'logs');
  mkdirSync(logDir);
  const errors: string[] = [];
  const attempt: Attempt = async (what, run) => {
    try {
      return await run();
    } catch (error) {
      const message = `${what}: ${(error as Error)?.message ?? String(error)}`;
      log(`  FAILED ${message}`);
      errors.push(message);
      return undefined;
    }
  };

  log(`Bench: ${atStart.cpus}, load average ${atStart.loadAverageAtStart.join(' / ')}; scratch folder ${workDir}`);
  // Before any server starts, so that nothing else competes for the core.
  const bridge = bridgeSource(options.bridgeAt);
  const baseline = options.baseline === undefined ? undefined : bridgeSource(options.baseline);
  const micro = options.micro ? runMicro(bridge, log, errors) : [];

  const stack = await BenchStack.start(workDir);
  const stopOnSignal = (): void => void stack.stop().finally(() => process.exit(130));
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);
  const context: MethodContext = { stack, options, workDir, logDir, log };
  try {
    const contenders = makeContenders(options.contenders, { bridge, baseline }, { stack, logDir }, log);
    const measured = await measureAll(context, contenders, attempt);
    const versions = { ...serverVersions(), ...Object.assign({}, ...contenders.map((c) => c.versions())) } as Record<string, string>;
    const withoutGoals: Omit<BenchResults, 'goals'> = {
      date: new Date(startedAt).toISOString(),
      durationMinutes: Math.round((Date.now() - startedAt) / 6000) / 10,
      quick: options.quick,
      machine: { ...atStart, loadAverageAtEnd: loadAverage() },
      versions,
      settings: {
        drainMessages: options.messages,
        drainRuns: options.drainRuns,
        rates: options.rates,
        rateSeconds: options.rateSeconds,
        recoveryRate: options.recoveryRate,
        outageSeconds: options.outageSeconds,
        devices: DEVICES,
      },
      method: METHOD,
      contenders: measured.contenders,
      drain: measured.drain,
      live: measured.live,
      recovery: measured.recovery,
      micro,
      ...(measured.profile ? { profile: { drainRatePerSecond: measured.profile.drain.ratePerSecond, summary: measured.profile.summary } } : {}),
      errors,
    };
    const results: BenchResults = { ...withoutGoals, goals: evaluateGoals(withoutGoals) };
    writeResults(options.outDir, results, measured.profile?.flame, workDir);
    log(`\n${summaryTable(results)}\n`);
    for (const goal of results.goals) log(`goal ${goal.met === null ? '–' : goal.met ? '✓' : '✗'} ${goal.goal}: ${goal.measured}`);
    log(`\nResults in ${path.relative(process.cwd(), options.outDir) || '.'} (bench.json, bench.md, PNG plots)`);
    if (!options.quick) log('Put them into the README with: npm run bench -- --readme');
    return 0;
  } finally {
    await stack.stop();
    if (errors.length === 0) rmSync(workDir, { recursive: true, force: true });
    else log(`Logs of the failed runs are kept in ${logDir}`);
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exit(1);
  },
);
