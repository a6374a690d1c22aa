import type { Logger } from 'pino';
import type { BridgeMetrics } from '../admin/metrics.js';
import type { DurableQueue } from '../queue/index.js';
import { SinkWriteError, type BatchWriter, type QueuedReading } from './types.js';

export interface SinkRunnerOptions {
  batchSize: number;
  /** Wait for more data at most this long before writing a partial batch. */
  idleWaitMs?: number;
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** Called with each batch once it is written (e.g. the archive's late-reading check). */
  onWritten?: (items: readonly QueuedReading[]) => void;
}

/**
 * Moves readings from the durable queue to one writer. Delivery guarantee: at least once.
 * The consumer cursor advances only after the writer resolved (or the database refused the
 * batch for good), so a crash or an outage replays the batch; writes are idempotent.
 */
export class SinkRunner {
  #running = false;
  #loop: Promise<void> | undefined;
  #batchSize: number;
  #backoffMs = 0;
  #healthy = true;
  #lastError: string | undefined;
  #wakeBackoff: (() => void) | undefined;

  constructor(
    private readonly queue: DurableQueue<QueuedReading>,
    private readonly writer: BatchWriter,
    private readonly metrics: BridgeMetrics,
    private readonly log: Logger,
    private readonly options: SinkRunnerOptions,
  ) {
    this.#batchSize = options.batchSize;
  }

  /** False while writes fail; `/ready` reports it. */
  get healthy(): boolean {
    return this.#healthy;
  }

  get lastError(): string | undefined {
    return this.#lastError;
  }

  start(): void {
    this.#running = true;
    this.#loop = this.#run();
  }

  /** Stops after the batch in flight; with `drainMs`, first keeps writing until the queue is empty or time runs out. */
  async stop(drainMs = 0): Promise<void> {
    const deadline = Date.now() + drainMs;
    while (this.#running && this.queue.depth > 0 && Date.now() < deadline && this.#healthy) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    this.#running = false;
    this.#wakeBackoff?.();
    await this.#loop;
  }

  async #run(): Promise<void> {
    const sink = this.writer.name;
    this.metrics.sinkUp.set({ sink }, 1);
    while (this.#running) {
      const batch = this.queue.read(sink, this.#batchSize);
      if (batch.items.length === 0) {
        await this.queue.waitForData(this.options.idleWaitMs ?? 200);
        continue;
      }
      const started = process.hrtime.bigint();
      try {
        await this.writer.write(batch.items.map((item) => item.reading));
        this.#recordSuccess(batch.items, started);
        this.queue.commit(sink, batch.next);
        this.options.onWritten?.(batch.items);
      } catch (error) {
        const failure = error instanceof SinkWriteError ? error : new SinkWriteError(String(error), 'retryable');
        this.metrics.writeErrors.inc({ sink, class: failure.failureClass });
        if (failure.failureClass === 'rejected') {
          // Retrying will not make the request work: count it, log it, move on.
          this.log.error({ sink, points: batch.items.length, err: failure.message }, 'database refused a batch for good');
          this.metrics.pointsDropped.inc({ sink }, batch.items.length);
          this.queue.commit(sink, batch.next);
        } else if (failure.failureClass === 'too_large' && this.#batchSize > 1) {
          this.#batchSize = Math.max(1, Math.floor(this.#batchSize / 2));
          this.log.warn({ sink, batchSize: this.#batchSize }, 'batch too large for the database: halving it');
        } else {
          await this.#backOff(failure);
        }
      }
    }
  }

  #recordSuccess(items: readonly QueuedReading[], started: bigint): void {
    const sink = this.writer.name;
    const now = Date.now();
    this.metrics.batchDuration.observe({ sink }, Number(process.hrtime.bigint() - started) / 1e9);
    this.metrics.pointsWritten.inc({ sink }, items.length);
    for (const item of items) this.metrics.lag.observe({ sink }, Math.max(0, now - item.receivedAt) / 1000);
    if (!this.#healthy) this.log.info({ sink }, 'writes succeed again');
    this.#healthy = true;
    this.#lastError = undefined;
    this.#backoffMs = 0;
    this.#batchSize = Math.min(this.options.batchSize, this.#batchSize * 2);
    this.metrics.sinkUp.set({ sink }, 1);
  }

  async #backOff(failure: SinkWriteError): Promise<void> {
    const sink = this.writer.name;
    const min = this.options.minBackoffMs ?? 250;
    const max = this.options.maxBackoffMs ?? 10_000;
    this.#backoffMs = Math.min(max, this.#backoffMs === 0 ? min : this.#backoffMs * 2);
    const delay = Math.max(this.#backoffMs, failure.retryAfterMs ?? 0);
    if (this.#healthy) this.log.warn({ sink, err: failure.message }, 'write failed: keeping the batch queued and retrying');
    this.#healthy = false;
    this.#lastError = failure.message;
    this.metrics.sinkUp.set({ sink }, 0);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, delay);
      this.#wakeBackoff = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
