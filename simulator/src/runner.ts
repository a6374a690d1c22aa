/** The publishing loop: rounds of readings, faults applied, until a count, a duration or a stop signal. */
import { setTimeout as sleep } from 'node:timers/promises';
import type { FaultInjector } from './faults.js';
import type { Fleet } from './fleet.js';
import type { FaultMode } from './messages.js';

/** Where messages go: the Publisher, or a fake in unit tests. */
export interface MessageSink {
  publish(topic: string, payload: Buffer, signal?: AbortSignal): Promise<void>;
}

export interface RunOptions {
  fleet: Fleet;
  sink: MessageSink;
  faults?: FaultInjector;
  /** Time between rounds; a round's messages are spread evenly over it. Ignored in load mode. */
  intervalMs: number;
  /** As fast as the sink accepts, rounds back to back. */
  load?: boolean;
  durationMs?: number;
  /** Stop after this many published messages. */
  count?: number;
  signal?: AbortSignal;
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

export async function runSimulation(options: RunOptions): Promise<RunCounters> {
  const counters = options.counters ?? createCounters();
  const clock = options.clock ?? Date.now;
  const deviceCount = options.fleet.devices.length;
  const deadline = performance.now() + (options.durationMs ?? Infinity);
  const finished = () =>
    options.signal?.aborted === true || counters.sent >= (options.count ?? Infinity) || performance.now() >= deadline;
  let roundStart = performance.now();
  while (!finished()) {
    let index = 0;
    for (; index < deviceCount && !finished(); index++) {
      const slot = roundStart + (index * options.intervalMs) / deviceCount;
      if (!options.load && !(await sleepUntil(slot, deadline, options.signal))) break;
      await sendOne(options, index, clock(), counters);
    }
    if (index === deviceCount) counters.rounds++;
    roundStart = nextRoundStart(roundStart, options.intervalMs);
  }
  return counters;
}

async function sendOne(options: RunOptions, index: number, now: number, counters: RunCounters): Promise<void> {
  const reading = options.fleet.reading(index, now);
  const device = options.fleet.devices[index]!;
  const message = options.faults ? options.faults.apply(reading, device, reading.ts) : reading;
  if (!message) {
    counters.faults.silent++;
    return;
  }
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
