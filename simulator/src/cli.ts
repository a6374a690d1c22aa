#!/usr/bin/env node
/** The command line (`npm run simulate -- --help` from the repository root): publishes simulated readings until stopped. */
import { HELP, UsageError, parseCli } from './cli-options.js';
import { SimulatorControl } from './control.js';
import { createFamilyRuns, faultCounts, type DeliveryTotals, type FamilyRun } from './family-runs.js';
import { createQuota } from './runner.js';

async function main(): Promise<number> {
  const parsed = parseCliOrExit();
  if (parsed.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const config = parsed.config;
  const control = new SimulatorControl();
  const runs = createFamilyRuns(config, { quota: control.gate(createQuota(config.count)), log });
  if (config.controlPort !== undefined) log(`control endpoint ${(await control.listen(config.controlPort)).url} (GET /status, POST /stop, POST /start)`);
  const stop = stopOnSignals();
  if (!config.families.includes('building')) log(`simulating ${config.families.join(', ')}, seed ${config.seed}`);
  for (const run of runs) log(run.startLine);
  const connected: FamilyRun[] = [];
  let startedAt = performance.now();
  try {
    for (const run of runs) {
      await run.connect(stop.signal);
      connected.push(run);
    }
    startedAt = performance.now();
    const progress = setInterval(() => runs.forEach((run) => log(run.progressLine())), config.logEveryMs);
    try {
      await runAll(runs, stop);
    } finally {
      clearInterval(progress);
    }
  } finally {
    if (connected.length > 0) log('stopping: waiting for acknowledgements');
    await Promise.all(connected.map((run) => run.close()));
  }
  const totals = sumTotals(runs.map((run) => run.totals()));
  // The other families' own counts; the building's are in the summary.
  if (runs.length > 1) for (const run of runs.filter((r) => r.family !== 'building')) log(run.progressLine());
  log(summaryLine(runs, totals, startedAt, config.load));
  return totals.failed > 0 ? 1 : 0;
}

/** All runs to the end; the first failure stops the others. */
async function runAll(runs: FamilyRun[], stop: AbortController): Promise<void> {
  const results = await Promise.allSettled(
    runs.map((run) =>
      run.run(stop.signal).catch((error: unknown) => {
        stop.abort();
        throw error;
      }),
    ),
  );
  const failure = results.find((result) => result.status === 'rejected');
  if (failure) throw failure.reason;
}

function parseCliOrExit(): ReturnType<typeof parseCli> {
  try {
    return parseCli(process.argv.slice(2), process.env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`error: ${error.message}\nRun with --help for the options.\n`);
    process.exit(2);
  }
}

/** First signal: stop after the current message and drain. Second: leave at once. */
function stopOnSignals(): AbortController {
  const controller = new AbortController();
  const onSignal = (name: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(130);
    log(`${name} received: stopping (again to quit at once)`);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return controller;
}

function sumTotals(all: DeliveryTotals[]): DeliveryTotals {
  const sum = { sent: 0, acked: 0, failed: 0, reconnects: 0 };
  for (const totals of all) {
    sum.sent += totals.sent;
    sum.acked += totals.acked;
    sum.failed += totals.failed;
    sum.reconnects += totals.reconnects;
  }
  return sum;
}

function summaryLine(runs: FamilyRun[], totals: DeliveryTotals, startedAt: number, load: boolean): string {
  const seconds = (performance.now() - startedAt) / 1000;
  const head = load ? `load: ${rate(totals.acked, seconds)} msg/s acknowledged` : 'done';
  const building = runs.find((run) => run.family === 'building');
  const faults = building ? `, ${faultCounts(building.counters)}` : '';
  return `${head}: sent ${totals.sent}, acked ${totals.acked}, failed ${totals.failed}, reconnects ${totals.reconnects}${faults} in ${seconds.toFixed(1)} s`;
}

function rate(messages: number, seconds: number): string {
  return seconds > 0 ? Math.round(messages / seconds).toString() : '0';
}

function log(line: string): void {
  process.stdout.write(`${new Date().toISOString()} ${line}\n`);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
