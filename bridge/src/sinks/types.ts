import type { Reading } from '../model/reading.js';

/** What the queue holds for each accepted message. */
export interface QueuedReading {
  reading: Reading;
  /** Epoch ms when the bridge received the message (for the end-to-end lag metric). */
  receivedAt: number;
}

/** How a failed write is handled: retry later, drop for good (the data can never be written), or split. */
export type WriteFailureClass = 'retryable' | 'rejected' | 'too_large';

export class SinkWriteError extends Error {
  constructor(
    message: string,
    readonly failureClass: WriteFailureClass,
    /** Server's Retry-After, in ms, when it sent one. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'SinkWriteError';
  }
}

/** A destination that takes a batch and resolves only once the batch is durably written. */
export interface BatchWriter {
  readonly name: string;
  write(batch: readonly Reading[]): Promise<void>;
  /** Releases the client; pending data stays in the queue. */
  close(): Promise<void>;
}
