import { BridgeError, type ErrorCode } from '../errors.js';
import type { QueuedReading } from '../model/queued-reading.js';
import type { Reading } from '../model/reading.js';

/**
 * A destination the sink runner drives. The runner replays a batch whose `write` did not resolve,
 * so a write must be idempotent: the same reading written twice is stored once.
 */
export interface Sink {
  /** Most points per write request; the runner halves it while the database answers "too large". */
  readonly batchSize: number;
  /**
   * How long a batch below `batchSize` waits for more readings, counted from its oldest one (not at
   * all when absent): fewer, larger writes at the price of that much latency.
   */
  readonly batchTimeoutMs?: number;
  /**
   * Writes the runner may have under way at once (1 when absent): with more than one, `write` is
   * called again before the previous call has settled, and must keep the calls apart. The runner
   * still moves its cursor in order, so a failure replays the failed batch and every later one.
   */
  readonly maxInFlight?: number;
  /** Reaches the database and prepares writing; throws a SinkError while it cannot. */
  connect(): Promise<void>;
  /** Resolves once the batch is durably stored; otherwise throws, with a SinkError saying why. */
  write(batch: readonly Reading[]): Promise<void>;
  /** Releases the client; what was not written stays in the queue. */
  close(): Promise<void>;
}

/** The codes of errors.ts a sink reports a failure with. */
export type SinkErrorCode = Extract<ErrorCode, `SP_ERR_SINK_${string}`> | 'SP_ERR_UNCLASSIFIED';

export class SinkError extends BridgeError {
  constructor(
    code: SinkErrorCode,
    message: string,
    /** The server's Retry-After, in ms, when it sent one. */
    readonly retryAfterMs?: number,
    options?: ErrorOptions,
  ) {
    super(code, message, options);
  }
}

/** Told each batch once it is stored. */
export type WrittenListener = (items: readonly QueuedReading[]) => void;

/** A sink's output for those that consume what it has stored (the archive). */
export interface WrittenFeed {
  subscribe(listener: WrittenListener): void;
}
