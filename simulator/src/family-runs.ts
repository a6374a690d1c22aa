/**
 * One run per device family the CLI was asked for: each connects its own way (MQTT, one connection
 * per tracker for its will; HTTP for the multiplugs), publishes until the shared stop, and reports
 * what it sent for the progress and summary lines.
 */
import { referenceBuilding } from './building.js';
import { HOUR_MS, MINUTE_MS } from './curves.js';
import type { SimulatorConfig } from './cli-options.js';
import { createPlugModel, multiplugs } from './families/multiplug.js';
import { createMachineFleet, productionMachines } from './families/production-machine.js';
import { createTrackerFleet, solarTrackers, trackerStatus } from './families/solar-tracker.js';
import { createFaultInjector, type FaultInjector } from './faults.js';
import { createFleet } from './fleet.js';
import { IngestSender, type IngestEvent } from './ingest-sender.js';
import { Publisher, redactUrl, type PublisherEvent, type PublisherOptions } from './publisher.js';
import { createCounters, runRounds, runSimulation, type RunCounters, type SendQuota } from './runner.js';

export const FAMILIES = ['building', 'solar-tracker', 'multiplug', 'machine'] as const;
export type Family = (typeof FAMILIES)[number];

/** Counts every family reports the same way; for HTTP, acknowledged means accepted. */
export interface DeliveryTotals {
  sent: number;
  acked: number;
  failed: number;
  reconnects: number;
}

export interface FamilyRun {
  readonly family: Family;
  /** What it simulates and where it sends, for the first log lines. */
  readonly startLine: string;
  /** The building's fault counts; zero for the other families. */
  readonly counters: RunCounters;
  connect(signal: AbortSignal): Promise<void>;
  /** Publishes until the signal, the duration or the shared count stops it. */
  run(signal: AbortSignal): Promise<void>;
  /** Delivers what is still pending (for a while), then disconnects. */
  close(): Promise<void>;
  progressLine(): string;
  totals(): DeliveryTotals;
}

export interface RunContext {
  quota: SendQuota;
  log(line: string): void;
}

export function createFamilyRuns(config: SimulatorConfig, context: RunContext): FamilyRun[] {
  return config.families.map((family) => {
    switch (family) {
      case 'building':
        return buildingRun(config, context);
      case 'solar-tracker':
        return trackerRun(config, context);
      case 'multiplug':
        return multiplugRun(config, context);
      case 'machine':
        return machineRun(config, context);
    }
  });
}

/** Connection events as log lines: one per change, not one per reconnect attempt. */
export function connectionLog(log: (line: string) => void, label = ''): (event: PublisherEvent) => void {
  const prefix = label === '' ? '' : `${label}: `;
  let offline = false;
  let lastError = '';
  return (event) => {
    if (event.type === 'offline' && !offline) log(`${prefix}connection lost; reconnecting`);
    if (event.type === 'connected' && offline) log(`${prefix}reconnected`);
    if (event.type === 'error' && event.message !== lastError) log(`${prefix}MQTT error: ${event.message}`);
    if (event.type === 'error') lastError = event.message;
    if (event.type === 'offline') offline = true;
    if (event.type === 'connected') [offline, lastError] = [false, ''];
  };
}

function publisherOptions(config: SimulatorConfig, onEvent: (event: PublisherEvent) => void): PublisherOptions {
  const { url, username, password, ca, maxInFlight } = config;
  return { url, username, password, ca, maxInFlight, onEvent };
}

function publisherTotals(publishers: readonly Publisher[], counters: RunCounters): DeliveryTotals {
  const totals = { sent: counters.sent, acked: 0, failed: 0, reconnects: 0 };
  for (const { stats } of publishers) {
    totals.acked += stats.acked;
    totals.failed += stats.failed;
    totals.reconnects += stats.reconnects;
  }
  return totals;
}

function mqttProgress(label: string, publishers: readonly Publisher[], counters: RunCounters): string {
  const { acked, failed } = publisherTotals(publishers, counters);
  const inFlight = publishers.reduce((sum, p) => sum + p.stats.inFlight, 0);
  return `${label}: sent ${counters.sent} (acked ${acked}, failed ${failed}, in flight ${inFlight})`;
}

function runTiming(config: SimulatorConfig, intervalMs: number) {
  return { intervalMs, durationMs: config.durationMs };
}

function buildingRun(config: SimulatorConfig, context: RunContext): FamilyRun {
  const devices = referenceBuilding({ site: config.site, devices: config.devices });
  const fleet = createFleet({ devices, seed: config.seed, utcOffsetMinutes: config.utcOffsetMinutes });
  const faults = faultInjector(config, devices);
  const counters = createCounters();
  let startedAt = performance.now();
  let publisher: Publisher | undefined;
  const pace = config.load ? 'load mode (as fast as the broker accepts)' : `a round every ${config.intervalMs} ms`;
  const faultText = config.faults.length === 0 ? 'no faults' : `faults ${config.faults.join(',')} at rate ${config.faultRate}`;
  const silent = faults?.silentDeviceId ? `, ${faults.silentDeviceId} goes silent after ${config.silentAfterMs / 1000} s` : '';
  return {
    family: 'building',
    startLine: `simulating ${config.devices} devices on site ${config.site} → ${redactUrl(config.url)}: ${pace}, ${faultText}${silent}, seed ${config.seed}`,
    counters,
    async connect(signal) {
      publisher = await Publisher.connect(publisherOptions(config, connectionLog(context.log)), signal);
      startedAt = performance.now();
    },
    async run(signal) {
      const timing = { ...runTiming(config, config.intervalMs), load: config.load };
      await runSimulation({ fleet, faults, sink: publisher!, counters, signal, quota: context.quota, ...timing });
    },
    close: async () => publisher?.close(),
    progressLine() {
      const { acked, failed, inFlight } = publisher!.stats;
      const seconds = (performance.now() - startedAt) / 1000;
      const rate = seconds > 0 ? Math.round(acked / seconds) : 0;
      return `sent ${counters.sent} (acked ${acked}, failed ${failed}, in flight ${inFlight}), rounds ${counters.rounds}, ${faultCounts(counters)}, ${rate} msg/s`;
    },
    totals: () => publisherTotals(publisher ? [publisher] : [], counters),
  };
}

export function faultCounts(counters: RunCounters): string {
  const { malformed, hostile, spikes, silent } = counters.faults;
  return `faults: malformed ${malformed}, hostile ${hostile}, spikes ${spikes}, silenced ${silent}`;
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

/**
 * Each tracker has its own MQTT connection, as the real device does, so its will ("offline",
 * retained) covers it alone. "online" is published (retained) at every connection, "offline" on a clean stop.
 */
function trackerRun(config: SimulatorConfig, context: RunContext): FamilyRun {
  const devices = solarTrackers(config.tracker.count);
  const fleet = createTrackerFleet({ devices, seed: config.seed, utcOffsetMinutes: config.utcOffsetMinutes, withTs: config.tracker.withTs });
  const counters = createCounters();
  const byTopic = new Map<string, Publisher>();
  const names = devices.length === 1 ? devices[0]!.deviceId : `tracker-1..${devices.length}`;
  const publishers = () => [...byTopic.values()];
  // Status messages count as sent like the telemetry (they are acknowledged like it), outside --count.
  const publishStatus = async (publisher: Publisher, message: ReturnType<typeof trackerStatus>, signal?: AbortSignal) => {
    await publisher.publish(message.topic, message.payload, signal, message);
    counters.sent++;
  };
  return {
    family: 'solar-tracker',
    startLine: `solar-tracker: ${names} → solar-tracker/{id}/telemetry every ${config.tracker.intervalMs} ms${config.tracker.withTs ? ' (with ts)' : ''}, retained status`,
    counters,
    async connect(signal) {
      await Promise.all(
        devices.map(async (device) => {
          const online = trackerStatus(device, 'online');
          const logEvent = connectionLog(context.log, device.deviceId);
          let publisher: Publisher | undefined;
          // After a lost connection the broker has published the will: say "online" again.
          const onEvent = (event: PublisherEvent) => {
            logEvent(event);
            if (event.type === 'connected' && publisher) publishStatus(publisher, online).catch(() => undefined);
          };
          const clientId = `sensorplus-sim-${device.deviceId}-${process.pid}`;
          publisher = await Publisher.connect({ ...publisherOptions(config, onEvent), clientId, will: trackerStatus(device, 'offline') }, signal);
          await publishStatus(publisher, online, signal);
          byTopic.set(device.telemetryTopic, publisher);
        }),
      );
    },
    async run(signal) {
      const sink = { publish: (topic: string, payload: Buffer, s?: AbortSignal) => byTopic.get(topic)!.publish(topic, payload, s) };
      await runSimulation({ fleet, sink, counters, signal, quota: context.quota, ...runTiming(config, config.tracker.intervalMs) });
    },
    async close() {
      await Promise.all(
        devices.map(async (device) => {
          const publisher = byTopic.get(device.telemetryTopic);
          if (!publisher) return;
          await publishStatus(publisher, trackerStatus(device, 'offline'));
          await publisher.close();
        }),
      );
    },
    progressLine: () => mqttProgress('solar-tracker', publishers(), counters),
    totals: () => publisherTotals(publishers(), counters),
  };
}

/** Each plug's round: one request per port, or one for all four with --plug-batch; the sender buffers and retries. */
function multiplugRun(config: SimulatorConfig, context: RunContext): FamilyRun {
  const { count, intervalMs, batch, httpUrl, token } = config.multiplug;
  const devices = multiplugs(count);
  const models = devices.map((device) => createPlugModel(device, { seed: config.seed, utcOffsetMinutes: config.utcOffsetMinutes }));
  const counters = createCounters();
  const sender = new IngestSender({ url: httpUrl, token: token ?? '', onEvent: ingestLog(context.log) });
  const names = devices.length === 1 ? devices[0]!.deviceId : `plug-1..${devices.length}`;
  return {
    family: 'multiplug',
    startLine: `multiplug: ${names} → POST ${redactUrl(httpUrl)}/api/ingest/multiplug every ${intervalMs} ms, ${batch ? 'the 4 ports in one request' : 'one request per port'}`,
    counters,
    connect: async () => undefined,
    async run(signal) {
      await runRounds({
        ...runTiming(config, intervalMs),
        signal,
        size: devices.length,
        done: () => context.quota.exhausted,
        async turn(index) {
          const readings = models[index]!.next(Date.now());
          for (const body of batch ? [readings] : readings) {
            if (!context.quota.take()) return;
            sender.send(devices[index]!.deviceId, body);
            counters.sent++;
          }
        },
      });
    },
    close: () => sender.close(),
    progressLine() {
      const { accepted, refused, retries, buffered } = sender.stats;
      return `multiplug: sent ${counters.sent} (accepted ${accepted}, refused ${refused}, retries ${retries}, buffered ${buffered})`;
    },
    totals() {
      const { accepted, refused, dropped, unsent } = sender.stats;
      return { sent: counters.sent, acked: accepted, failed: refused + dropped + unsent, reconnects: 0 };
    },
  };
}

/** HTTP trouble as log lines, each only when it differs from the last (the progress lines count them all). */
function ingestLog(log: (line: string) => void): (event: IngestEvent) => void {
  let last = '';
  return (event) => {
    const line =
      event.type === 'refused' ? `multiplug: reading refused with HTTP ${event.status}: ${event.body}`
      : event.type === 'dropped' ? 'multiplug: a buffer is full; dropping the oldest readings'
      : `multiplug: ${event.reason}; sending again in ${event.waitMs} ms`;
    if (line !== last) log(line);
    last = line;
  };
}

function readableDuration(ms: number): string {
  const units: Array<[string, number]> = [['h', HOUR_MS], ['min', MINUTE_MS], ['s', 1000]];
  const [unit, size] = units.find(([, size]) => ms % size === 0) ?? ['ms', 1];
  return `${ms / size} ${unit}`;
}

/** The machines share one connection: they have no will. */
function machineRun(config: SimulatorConfig, context: RunContext): FamilyRun {
  const devices = productionMachines(config.machine.count);
  const { shiftLengthMs, firstShiftStartMinutes } = config.machine;
  const shifts = { lengthMs: shiftLengthMs, firstStartMinutes: firstShiftStartMinutes, utcOffsetMinutes: config.utcOffsetMinutes };
  const fleet = createMachineFleet({ devices, seed: config.seed, shifts });
  const counters = createCounters();
  let publisher: Publisher | undefined;
  const names = devices.map((d) => d.machineId).join(', ');
  const start = `${String(Math.floor(firstShiftStartMinutes / 60)).padStart(2, '0')}:${String(firstShiftStartMinutes % 60).padStart(2, '0')}`;
  return {
    family: 'machine',
    startLine: `machine: ${names} → flexotwin/{id}/status every ${config.machine.intervalMs} ms, shifts of ${readableDuration(shiftLengthMs)} from ${start}`,
    counters,
    async connect(signal) {
      publisher = await Publisher.connect(publisherOptions(config, connectionLog(context.log, 'machine')), signal);
    },
    async run(signal) {
      await runSimulation({ fleet, sink: publisher!, counters, signal, quota: context.quota, ...runTiming(config, config.machine.intervalMs) });
    },
    close: async () => publisher?.close(),
    progressLine: () => mqttProgress('machine', publisher ? [publisher] : [], counters),
    totals: () => publisherTotals(publisher ? [publisher] : [], counters),
  };
}
