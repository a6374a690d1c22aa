#!/usr/bin/env node
/** The command line (`npm run simulate -- --help` from the repository root): publishes simulated readings until stopped. */
import { referenceBuilding } from './building.js';
import { HELP, UsageError, parseCli, type SimulatorConfig } from './cli-options.js';
import { createFaultInjector, type FaultInjector } from './faults.js';
import { createFleet } from './fleet.js';
import { Publisher, redactUrl, type PublisherEvent } from './publisher.js';
import { createCounters, runSimulation, type RunCounters } from './runner.js';

async function main(): Promise<number> {
  const parsed = parseCliOrExit();
  if (parsed.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const config = parsed.config;
  const devices = referenceBuilding({ site: config.site, devices: config.devices });
  const fleet = createFleet({ devices, seed: config.seed, utcOffsetMinutes: config.utcOffsetMinutes });
  const faults = faultInjector(config, devices);
  const stop = stopOnSignals();
  log(startLine(config, faults));
  const publisher = await Publisher.connect(publisherOptions(config), stop.signal);
  const counters = createCounters();
  const startedAt = performance.now();
  const progress = setInterval(() => log(progressLine(counters, publisher, startedAt)), config.logEveryMs);
  try {
    await runSimulation({ fleet, faults, sink: publisher, counters, signal: stop.signal, ...runLimits(config) });
  } finally {
    clearInterval(progress);
    log('stopping: waiting for acknowledgements');
    await publisher.close();
  }
  log(summaryLine(counters, publisher, startedAt, config.load));
  return publisher.stats.failed > 0 ? 1 : 0;
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

function faultInjector(config: SimulatorConfig, devices: ReturnType<typeof referenceBuilding>): FaultInjector | undefined {
  if (config.faults.length === 0) return undefined;
  return createFaultInjector({
    modes: config.faults,
    rate: config.faultRate,
    seed: config.seed,
    site: config.site,
    devices,
    silentDeviceId: config.silentDevice,
    silentAfterMs: config.silentAfterMs,
  });
}

/** Connection events as log lines: one per change, not one per reconnect attempt. */
function publisherOptions(config: SimulatorConfig) {
  let offline = false;
  let lastError = '';
  const onEvent = (event: PublisherEvent) => {
    if (event.type === 'offline' && !offline) log('connection lost; reconnecting');
    if (event.type === 'connected' && offline) log('reconnected');
    if (event.type === 'error' && event.message !== lastError) log(`MQTT error: ${event.message}`);
    if (event.type === 'error') lastError = event.message;
    if (event.type === 'offline') offline = true;
    if (event.type === 'connected') [offline, lastError] = [false, ''];
  };
  const { url, username, password, maxInFlight } = config;
  return { url, username, password, maxInFlight, onEvent };
}

function runLimits(config: SimulatorConfig) {
  return { intervalMs: config.intervalMs, load: config.load, durationMs: config.durationMs, count: config.count };
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

function startLine(config: SimulatorConfig, faults: FaultInjector | undefined): string {
  const pace = config.load ? 'load mode (as fast as the broker accepts)' : `a round every ${config.intervalMs} ms`;
  const faultText = config.faults.length === 0 ? 'no faults' : `faults ${config.faults.join(',')} at rate ${config.faultRate}`;
  const silent = faults?.silentDeviceId ? `, ${faults.silentDeviceId} goes silent after ${config.silentAfterMs / 1000} s` : '';
  return `simulating ${config.devices} devices on site ${config.site} → ${redactUrl(config.url)}: ${pace}, ${faultText}${silent}, seed ${config.seed}`;
}

function progressLine(counters: RunCounters, publisher: Publisher, startedAt: number): string {
  const { acked, failed, inFlight } = publisher.stats;
  const seconds = (performance.now() - startedAt) / 1000;
  return `sent ${counters.sent} (acked ${acked}, failed ${failed}, in flight ${inFlight}), rounds ${counters.rounds}, ${faultCounts(counters)}, ${rate(acked, seconds)} msg/s`;
}

function summaryLine(counters: RunCounters, publisher: Publisher, startedAt: number, load: boolean): string {
  const { acked, failed, reconnects } = publisher.stats;
  const seconds = (performance.now() - startedAt) / 1000;
  const head = load ? `load: ${rate(acked, seconds)} msg/s acknowledged` : 'done';
  return `${head}: sent ${counters.sent}, acked ${acked}, failed ${failed}, reconnects ${reconnects}, ${faultCounts(counters)} in ${seconds.toFixed(1)} s`;
}

function faultCounts(counters: RunCounters): string {
  const { malformed, hostile, spikes, silent } = counters.faults;
  return `faults: malformed ${malformed}, hostile ${hostile}, spikes ${spikes}, silenced ${silent}`;
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
