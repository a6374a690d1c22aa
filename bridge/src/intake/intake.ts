import type { Logger } from 'pino';
import type { DeviceMessage, DeviceRegistry } from '../devices/device-registry.js';
import type { BridgeMetrics } from '../metrics/bridge-metrics.js';
import type { QueuedReading } from '../model/queued-reading.js';
import type { Rejection } from '../model/rejection.js';
import type { Accepted, Pipeline, ProcessResult } from '../pipeline/index.js';
import type { DurableQueue } from '../queue/index.js';
import { payloadExcerpt, type RejectionLog } from '../rejections/rejection-log.js';
import type { MessageHandler } from '../source/mqtt-source.js';
import { UnmappedKeyLabels } from './unmapped-keys.js';

/** Where refused messages are republished (the MQTT source, when a dead-letter topic is set). */
export interface DeadLetterPort {
  deadLetter(rejection: Rejection): void;
}

export interface IntakeParts {
  pipeline: Pipeline;
  queue: DurableQueue<QueuedReading>;
  devices: DeviceRegistry;
  rejections: RejectionLog;
  deadLetters: DeadLetterPort;
  metrics: BridgeMetrics;
  log: Logger;
}

/** A message as it arrived, for its rejection record: the MQTT topic (or what names an HTTP route), its bytes, when. */
export interface ArrivedMessage {
  topic: string;
  payload: Uint8Array;
  receivedAt: number;
}

/**
 * Decides each message the source receives: through the stages, then staged for the durable queue
 * (its acknowledgement held back while the queue is full) or refused with a reason. `flush` makes the
 * staged ones durable with one write and only then records them (devices, metrics), as one append
 * per message did before: what the registry shows is on disk.
 */
export class Intake implements MessageHandler {
  #stopping = false;
  readonly #unmappedKeys = new UnmappedKeyLabels();
  /** Staged since the last flush, with their receive times (two arrays: no object per message). */
  readonly #staged: Accepted[] = [];
  readonly #stagedAt: number[] = [];
  /** Accepted per measurement in the flush being recorded: one counter update per kind and batch. */
  readonly #acceptedByKind = new Map<string, number>();
  /** A write failed since the source's last flush: messages it handled may be among those dropped. */
  #droppedSinceSourceFlush = false;

  constructor(private readonly parts: IntakeParts) {}

  handle(topic: string, payload: Buffer, receivedAt: number): void | Promise<void> {
    return this.#decide(this.parts.pipeline.process(topic, payload, receivedAt), { topic, payload, receivedAt });
  }

  /**
   * What becomes of a pipeline result, whichever way the message came (MQTT here, `Pipeline.ingest`
   * over HTTP): appended to the queue, or refused. A returned promise settles once the reading is
   * appended (the queue was full) and rejects if the bridge stops first. Appended means durable:
   * this flushes (with whatever the MQTT source has staged).
   */
  settle(result: ProcessResult, message: ArrivedMessage): void | Promise<void> {
    // Staged and written in one step: its answer speaks for this reading alone.
    const outcome = this.#decide(result, message, true);
    if (outcome === undefined) return this.#flush();
    return outcome;
  }

  /**
   * The source's flush: writes every staged message to the queue with one write(2), then records
   * them. Throws when the write fails, and also when an earlier write (an HTTP reading's) failed
   * since the source's last flush, since it dropped what the source had handled: either way the
   * source must not acknowledge what it handled (the broker redelivers it; what was stored again is idempotent).
   */
  flush(): void {
    const dropped = this.#droppedSinceSourceFlush;
    try {
      this.#flush();
    } finally {
      this.#droppedSinceSourceFlush = false;
    }
    if (dropped) throw new Error('an earlier write to the queue failed: the messages handled before it were not stored');
  }

  #flush(): void {
    const staged = this.#staged;
    if (staged.length === 0) return;
    try {
      this.parts.queue.flush();
      for (let i = 0; i < staged.length; i += 1) this.#record(staged[i]!, this.#stagedAt[i]!);
    } catch (error) {
      this.#droppedSinceSourceFlush = true;
      throw error;
    } finally {
      staged.length = 0;
      this.#stagedAt.length = 0;
    }
    const { accepted } = this.parts.metrics;
    for (const [kind, count] of this.#acceptedByKind) accepted.inc({ kind }, count);
    this.#acceptedByKind.clear();
  }

  /** For `/ready`, as the `queue` check: not ok while the queue is full and acknowledgements are held back. */
  queueReadiness(): { ok: boolean; detail: string } {
    const { queue } = this.parts;
    const ok = !queue.isFull;
    return { ok, detail: `${queue.depth} messages, ${queue.bytes} bytes queued${ok ? '' : ' (full: acknowledgements held back)'}` };
  }

  /** From now on a message waiting for queue space stays unacknowledged: the broker redelivers it next session. */
  stop(): void {
    this.#stopping = true;
  }

  #decide(result: ProcessResult, message: ArrivedMessage, flushWhenStaged = false): void | Promise<void> {
    if (!result.ok) {
      const { rejection, device } = result;
      const { topic, payload, receivedAt } = message;
      return this.#reject({ ...rejection, topic, receivedAt, payloadBytes: payload.length, payloadExcerpt: payloadExcerpt(payload), ...(device ? { device } : {}) });
    }
    // Backpressure: at the limit, hold the acknowledgement until a sink frees space.
    if (this.parts.queue.isFull) return this.#stageWhenSpace(result, message.receivedAt, flushWhenStaged);
    this.#stage(result, message.receivedAt);
  }

  async #stageWhenSpace(accepted: Accepted, receivedAt: number, flushWhenStaged: boolean): Promise<void> {
    const { queue, metrics, log } = this.parts;
    // What is staged counts towards the limit: written, it may be what a sink is waiting for.
    this.#flush();
    metrics.backpressure.set(1);
    log.warn({ depth: queue.depth }, 'queue full: holding acknowledgements until the sink catches up');
    await queue.waitForSpace();
    metrics.backpressure.set(0);
    if (this.#stopping) throw new Error('bridge is stopping');
    this.#stage(accepted, receivedAt);
    if (flushWhenStaged) this.#flush();
  }

  #stage(accepted: Accepted, receivedAt: number): void {
    this.parts.queue.stage({ reading: accepted.value, receivedAt } satisfies QueuedReading);
    this.#staged.push(accepted);
    this.#stagedAt.push(receivedAt);
  }

  #record(accepted: Accepted, receivedAt: number): void {
    const { devices, metrics } = this.parts;
    const { value: reading, profile, device, status } = accepted;
    const unmappedKeys = accepted.unmappedKeys && this.#unmappedKeys.labels(profile, accepted.unmappedKeys);
    const message: DeviceMessage = { profile, device, reading };
    if (status) message.status = status;
    if (unmappedKeys) message.unmappedKeys = unmappedKeys;
    devices.record(message, receivedAt);
    this.#acceptedByKind.set(reading.measurement, (this.#acceptedByKind.get(reading.measurement) ?? 0) + 1);
    for (const key of unmappedKeys ?? []) metrics.unmappedKeys.inc({ profile, key });
    metrics.deviceMessages?.inc({ site: reading.tags.site, device });
  }

  #reject(rejection: Rejection): void {
    const { rejections, metrics, log, deadLetters } = this.parts;
    rejections.add(rejection);
    metrics.rejected.inc({ reason: rejection.reason });
    log.debug({ reason: rejection.reason, topic: rejection.topic, detail: rejection.detail }, 'message rejected');
    deadLetters.deadLetter(rejection);
  }
}
