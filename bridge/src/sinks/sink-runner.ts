import type { Logger } from 'pino';
import { codeOf, isRetryable, messageOf, type ErrorCode } from '../errors.js';
import type { BridgeMetrics } from '../metrics/bridge-metrics.js';
import { fromQueue, type QueuedReading } from '../model/queued-reading.js';
import type { DurableQueue, Batch } from '../queue/index.js';
import { SinkError, type Sink, type WrittenFeed, type WrittenListener } from './sink.js';

export interface SinkRunnerOptions {
  /** With nothing to write, look again after this long at the latest (new data wakes the runner at once). */
  idleWaitMs?: number;
  minBackoffMs?: number;
  maxBackoffMs?: number;
}

/** A write under way: its batch, and how it ended (never rejects). */
interface Write {
  batch: Batch<QueuedReading>;
  items: QueuedReading[];
  started: bigint;
  outcome: Promise<{ ok: true } | { ok: false; error: unknown }>;
}

/** The `class` label of `sensorplus_sink_write_errors_total`: how the runner handled the failure. */
function failureClass(code: ErrorCode): 'retryable' | 'rejected' | 'too_large' | 'unclassified' {
  if (code === 'SP_ERR_SINK_TOO_LARGE') return 'too_large';
  if (code === 'SP_ERR_UNCLASSIFIED') return 'unclassified';
  return isRetryable(code) ? 'retryable' : 'rejected';
}

/**
 * Drives one sink, whichever it is: connects it, then moves batches from the sink's queue cursor to it.
 * Delivery guarantee: at least once. The cursor advances only after the sink stored the batch, or
 * after a failure that errors.ts says retrying cannot fix (the batch is then dropped, logged and
 * counted), so a crash or an outage replays the batch; sinks write idempotently.
 */
export class SinkRunner implements WrittenFeed {
  readonly #listeners: WrittenListener[] = [];
  #running = false;
  #loop: Promise<void> | undefined;
  #batchSize: number;
  #backoffMs = 0;
  #connected = false;
  #healthy = true;
  #lastError: string | undefined;
  #wake: (() => void) | undefined;

  constructor(
    readonly name: string,
    private readonly sink: Sink,
    private readonly queue: DurableQueue<QueuedReading>,
    private readonly metrics: BridgeMetrics,
    private readonly log: Logger,
    private readonly options: SinkRunnerOptions = {},
  ) {
    this.#batchSize = sink.batchSize;
  }

  /** For `/ready`: ok once connected and while writes succeed. */
  readiness(): { ok: boolean; detail?: string } {
    if (this.#connected && this.#healthy) return { ok: true };
    return { ok: false, detail: this.#lastError ?? 'not connected yet' };
  }

  /** `listener` is told every batch once it is stored (not the ones dropped). */
  subscribe(listener: WrittenListener): void {
    this.#listeners.push(listener);
  }

  /** Receive time of the oldest reading this sink has not stored yet (now when none waits), read at its queue cursor. */
  readonly writtenThrough = (): number => this.queue.peek(this.name)?.receivedAt ?? Date.now();

  /** Connects and writes in the background until `stop`. */
  start(): void {
    this.#running = true;
    this.#loop = this.#run();
  }

  /** Stops after the batch in flight and closes the sink; with `drainMs`, first keeps writing until its backlog is written or time runs out. */
  async stop(drainMs = 0): Promise<void> {
    const deadline = Date.now() + drainMs;
    while (this.#running && this.#connected && this.#healthy && this.queue.pending(this.name) > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    this.#running = false;
    this.#wake?.();
    await this.#loop;
    await this.sink.close();
  }

  async #run(): Promise<void> {
    if (!(await this.#connect())) return;
    this.metrics.sinkUp.set({ sink: this.name }, 1);
    const maxInFlight = Math.max(1, this.sink.maxInFlight ?? 1);
    const writes: Write[] = [];
    // After a stop, the writes under way still settle (and commit) before the loop ends.
    while (this.#running || writes.length > 0) {
      if (this.#running && writes.length < maxInFlight) {
        // The next batch starts where the last one under way ends.
        const batch = this.queue.read(this.name, this.#batchSize, writes.at(-1)?.batch.next);
        if (batch.items.length > 0) {
          writes.push(this.#write(await this.#fill(batch)));
          continue;
        }
        if (writes.length === 0) {
          await this.queue.waitForData(this.options.idleWaitMs ?? 200);
          continue;
        }
      }
      // The oldest first: the cursor moves in order.
      const oldest = writes[0]!;
      const outcome = await oldest.outcome;
      if (outcome.ok) {
        writes.shift();
        this.#recordSuccess(oldest.items, oldest.started);
        this.queue.commit(this.name, oldest.batch.next);
        for (const listener of this.#listeners) listener(oldest.items);
        continue;
      }
      // The later writes settle first; whatever they stored is written again from the cursor (idempotent).
      await Promise.all(writes.map((write) => write.outcome));
      writes.length = 0;
      await this.#failed(outcome.error, oldest.batch);
    }
  }

  #write(batch: Batch<QueuedReading>): Write {
    const items = batch.items.map(fromQueue);
    const started = process.hrtime.bigint();
    const outcome = this.sink.write(items.map((item) => item.reading)).then(
      () => ({ ok: true }) as const,
      (error: unknown) => ({ ok: false, error }) as const,
    );
    return { batch, items, started, outcome };
  }

  /** Adds what arrives while the batch is not full and its oldest reading has waited less than the sink's batch timeout. */
  async #fill(batch: Batch<QueuedReading>): Promise<Batch<QueuedReading>> {
    const until = batch.items[0]!.receivedAt + (this.sink.batchTimeoutMs ?? 0);
    while (this.#running && batch.items.length < this.#batchSize) {
      const left = until - Date.now();
      if (left <= 0) break;
      await this.queue.waitForData(left);
      const more = this.queue.read(this.name, this.#batchSize - batch.items.length, batch.next);
      for (const item of more.items) batch.items.push(item);
      batch.next = more.next;
    }
    return batch;
  }

  /** Connects, retrying while errors.ts calls the failure retryable. False when stopped first or when retrying cannot help. */
  async #connect(): Promise<boolean> {
    while (this.#running) {
      try {
        await this.sink.connect();
        this.#connected = true;
        this.#lastError = undefined;
        this.#backoffMs = 0;
        // A stop that came while connecting has already ended the loop: do not start writing.
        return this.#running;
      } catch (error) {
        const code = codeOf(error);
        this.#lastError = messageOf(error);
        if (!isRetryable(code)) {
          this.log.error({ sink: this.name, code, err: this.#lastError }, 'cannot connect and retrying cannot help: readings stay queued; fix the cause and restart');
          return false;
        }
        const delay = this.#nextBackoff(error);
        this.log.warn({ sink: this.name, err: this.#lastError, retryInMs: delay }, 'database not reachable yet');
        await this.#pause(delay);
      }
    }
    return false;
  }

  /** What errors.ts says: split a batch that is too large, retry what is retryable, drop the rest. */
  async #failed(error: unknown, batch: Batch<QueuedReading>): Promise<void> {
    const sink = this.name;
    const code = codeOf(error);
    this.metrics.writeErrors.inc({ sink, class: failureClass(code) });
    if (code === 'SP_ERR_SINK_TOO_LARGE' && this.#batchSize > 1) {
      this.#batchSize = Math.max(1, Math.floor(this.#batchSize / 2));
      this.log.warn({ sink, batchSize: this.#batchSize }, 'batch too large for the database: halving it');
    } else if (isRetryable(code)) {
      await this.#retryLater(error);
    } else {
      this.log.error({ sink, code, points: batch.items.length, err: messageOf(error) }, 'batch dropped: retrying cannot help');
      this.metrics.pointsDropped.inc({ sink }, batch.items.length);
      this.queue.commit(sink, batch.next);
    }
  }

  #recordSuccess(items: readonly QueuedReading[], started: bigint): void {
    const sink = this.name;
    const now = Date.now();
    this.metrics.batchDuration.observe({ sink }, Number(process.hrtime.bigint() - started) / 1e9);
    this.metrics.pointsWritten.inc({ sink }, items.length);
    // The labelled child, taken once per batch rather than a labels object made per reading.
    const lag = this.metrics.lag.labels({ sink });
    for (const item of items) lag.observe(Math.max(0, now - item.receivedAt) / 1000);
    if (!this.#healthy) this.log.info({ sink }, 'writes succeed again');
    this.#healthy = true;
    this.#lastError = undefined;
    this.#backoffMs = 0;
    this.#batchSize = Math.min(this.sink.batchSize, this.#batchSize * 2);
    this.metrics.sinkUp.set({ sink }, 1);
  }

  async #retryLater(error: unknown): Promise<void> {
    const sink = this.name;
    const message = messageOf(error);
    if (this.#healthy) this.log.warn({ sink, err: message }, 'write failed: keeping the batch queued and retrying');
    this.#healthy = false;
    this.#lastError = message;
    this.metrics.sinkUp.set({ sink }, 0);
    await this.#pause(this.#nextBackoff(error));
  }

  /** Exponential backoff, never shorter than the server's Retry-After. */
  #nextBackoff(error: unknown): number {
    const min = this.options.minBackoffMs ?? 250;
    const max = this.options.maxBackoffMs ?? 10_000;
    this.#backoffMs = Math.min(max, this.#backoffMs === 0 ? min : this.#backoffMs * 2);
    return Math.max(this.#backoffMs, error instanceof SinkError ? (error.retryAfterMs ?? 0) : 0);
  }

  /** A wait that `stop` cuts short. */
  #pause(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.#wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
