import type { Logger } from 'pino';
import type { DeviceRegistry } from '../devices/device-registry.js';
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
 * Decides each message the source receives: through the stages, then appended to the durable
 * queue (its acknowledgement held back while the queue is full) or refused with a reason.
 */
export class Intake implements MessageHandler {
  #stopping = false;
  readonly #unmappedKeys = new UnmappedKeyLabels();

  constructor(private readonly parts: IntakeParts) {}

  handle(topic: string, payload: Buffer, receivedAt: number): void | Promise<void> {
    return this.settle(this.parts.pipeline.process(topic, payload, receivedAt), { topic, payload, receivedAt });
  }

  /**
   * What becomes of a pipeline result, whichever way the message came (MQTT here, `Pipeline.ingest`
   * over HTTP): appended to the queue, or refused. A returned promise settles once the reading is
   * appended (the queue was full) and rejects if the bridge stops first.
   */
  settle(result: ProcessResult, message: ArrivedMessage): void | Promise<void> {
    if (!result.ok) {
      const { rejection, device } = result;
      const { topic, payload, receivedAt } = message;
      return this.#reject({ ...rejection, topic, receivedAt, payloadBytes: payload.length, payloadExcerpt: payloadExcerpt(payload), ...(device ? { device } : {}) });
    }
    // Backpressure: at the limit, hold the acknowledgement until a sink frees space.
    if (this.parts.queue.isFull) return this.#appendWhenSpace(result, message.receivedAt);
    this.#accept(result, message.receivedAt);
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

  async #appendWhenSpace(accepted: Accepted, receivedAt: number): Promise<void> {
    const { queue, metrics, log } = this.parts;
    metrics.backpressure.set(1);
    log.warn({ depth: queue.depth }, 'queue full: holding acknowledgements until the sink catches up');
    await queue.waitForSpace();
    metrics.backpressure.set(0);
    if (this.#stopping) throw new Error('bridge is stopping');
    this.#accept(accepted, receivedAt);
  }

  #accept(accepted: Accepted, receivedAt: number): void {
    const { queue, devices, metrics } = this.parts;
    const { value: reading, profile, device, status } = accepted;
    queue.append({ reading, receivedAt } satisfies QueuedReading);
    const unmappedKeys = accepted.unmappedKeys && this.#unmappedKeys.labels(profile, accepted.unmappedKeys);
    devices.record({ profile, device, reading, ...(status ? { status } : {}), ...(unmappedKeys ? { unmappedKeys } : {}) }, receivedAt);
    metrics.accepted.inc({ kind: reading.measurement });
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
