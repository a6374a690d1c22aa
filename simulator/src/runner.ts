/** The publishing loop: rounds of readings, faults applied, until a count, a duration or a stop signal. */
import { setTimeout as sleep } from 'node:timers/promises';
import type { FaultMode, SimMessage } from './messages.js';

/** Where messages go: the Publisher, or a fake in unit tests. */
export interface MessageSink {
  publish(topic: string, payload: Buffer, signal?: AbortSignal): Promise<void>;
}

/** What a run publishes: a fixed set of devices (the building's fleet, the trackers…), one reading each per round. */
export interface ReadingSource<Device> {
  readonly devices: readonly Device[];
  /** The next reading of device number `index` at `now`. */
  reading(index: number, now: number): SimMessage;
}

/** A source whose device number `index` turns a timestamp (whole milliseconds) into its message. */
export function readingSource<Device>(
  devices: readonly Device[],
  message: (device: Device, index: number, ts: number) => Omit<SimMessage, 'ts' | 'fault'>,
): ReadingSource<Device> {
  return {
    devices,
    reading(index, now) {
      const ts = Math.floor(now);
      return { ...message(devices[index]!, index, ts), ts };
    },
  };
}

/** Replaces or drops a reading before it goes (the fault injector). */
export interface ReadingFilter<Device> {
  apply(message: SimMessage, device: Device, now: number): SimMessage | undefined;
}

/** A limit on messages shared by concurrent runs: a slot is taken before each message, so together they never exceed it. */
export interface SendQuota {
  /** True when a message may go (and counts it). */
  take(): boolean;
  readonly exhausted: boolean;
}

export function createQuota(limit = Infinity): SendQuota {
  let taken = 0;
  return {
    take() {
      if (taken >= limit) return false;
      taken++;
      return true;
    },
    get exhausted() {
      return taken >= limit;
    },
  };
}

/** When a device's turn comes: rounds spread over an interval, until a duration, a stop signal or `done`. */
export interface RoundTiming {
  /** Time between rounds; a round's turns are spread evenly over it. Ignored in load mode. */
  intervalMs: number;
  /** Turns back to back, as fast as they complete. */
  load?: boolean;
  durationMs?: number;
  signal?: AbortSignal;
}

export interface RoundsOptions extends RoundTiming {
  /** Turns per round (one per device). */
  size: number;
  /** Checked before every turn: true ends the run (a shared count reached). */
  done(): boolean;
  turn(index: number): Promise<void>;
  /** After every complete round. */
  onRound?(): void;
}

export async function runRounds(options: RoundsOptions): Promise<void> {
  const deadline = performance.now() + (options.durationMs ?? Infinity);
  const finished = () => options.signal?.aborted === true || options.done() || performance.now() >= deadline;
  let roundStart = performance.now();
  while (!finished()) {
    let index = 0;
    for (; index < options.size && !finished(); index++) {
      const slot = roundStart + (index * options.intervalMs) / options.size;
      if (!options.load && !(await sleepUntil(slot, deadline, options.signal))) break;
      await options.turn(index);
    }
    if (index === options.size) options.onRound?.();
    roundStart = nextRoundStart(roundStart, options.intervalMs);
  }
}

export interface RunOptions<Device> extends RoundTiming {
  fleet: ReadingSource<Device>;
  sink: MessageSink;
  faults?: ReadingFilter<Device>;
  /** Stop after this many published messages. */
  count?: number;
  /** Shared with other runs instead of `count`: all stop once it is used up. */
  quota?: SendQuota;
  /** Source of reading timestamps (epoch ms). Default Date.now. */
  clock?: () => number;
  /** Live counters, for progress logs while the run goes on. */
  counters?: RunCounters;
}

export interface RunCounters {
  /** Messages handed to the sink, faulty ones included. */
  sent: number;
  /** Sent by fault mode (silent counts the readings a silent device did not send). */
  faults: Record<FaultMode, number>;
  /** Complete rounds (every device had its turn). */
  rounds: number;
}

export function createCounters(): RunCounters {
  return { sent: 0, faults: { malformed: 0, hostile: 0, spikes: 0, silent: 0 }, rounds: 0 };
}

export async function runSimulation<Device>(options: RunOptions<Device>): Promise<RunCounters> {
  const counters = options.counters ?? createCounters();
  const clock = options.clock ?? Date.now;
  const quota = options.quota ?? createQuota(options.count);
  await runRounds({
    ...options,
    size: options.fleet.devices.length,
    done: () => quota.exhausted,
    turn: (index) => sendOne(options, index, clock(), counters, quota),
    onRound: () => counters.rounds++,
  });
  return counters;
}

async function sendOne<Device>(options: RunOptions<Device>, index: number, now: number, counters: RunCounters, quota: SendQuota): Promise<void> {
  const reading = options.fleet.reading(index, now);
  const device = options.fleet.devices[index]!;
  const message = options.faults ? options.faults.apply(reading, device, reading.ts) : reading;
  if (!message) {
    counters.faults.silent++;
    return;
  }
  if (!quota.take()) return;
  try {
    await options.sink.publish(message.topic, message.payload, options.signal);
  } catch (error) {
    if (options.signal?.aborted) return;
    throw error;
  }
  counters.sent++;
  if (message.fault) counters.faults[message.fault]++;
}

/** After a stall longer than a round, start afresh instead of bursting to catch up. */
function nextRoundStart(previous: number, intervalMs: number): number {
  const next = previous + intervalMs;
  return next < performance.now() - intervalMs ? performance.now() : next;
}

/**
 * Sleeps until `target`; false when stopped or when the deadline comes first. Timers may wake a
 * fraction of a millisecond early, so it sleeps again until the target has really passed: waking
 * early must not send slots that lie beyond the deadline.
 */
async function sleepUntil(target: number, deadline: number, signal?: AbortSignal): Promise<boolean> {
  const until = Math.min(target, deadline);
  for (let waitMs = until - performance.now(); waitMs > 0; waitMs = until - performance.now()) {
    try {
      await sleep(Math.max(1, waitMs), undefined, { signal });
    } catch {
      return false;
    }
  }
  return target < deadline && performance.now() < deadline && signal?.aborted !== true;
}
