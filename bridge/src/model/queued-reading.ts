import type { Reading } from './reading.js';

/** What the durable queue holds for each accepted message, and what every sink reads from it. */
export interface QueuedReading {
  reading: Reading;
  /** Epoch ms when the bridge received the message (end-to-end lag, the archive's written-through time). */
  receivedAt: number;
}
