/** What the harness and its publisher process tell each other over the IPC channel. */

interface JobBase {
  url: string;
  username: string;
  password: string;
  /** Devices the readings are spread over, round robin. */
  devices: number;
  /** Acknowledged messages are counted per bucket of their `ts` this wide (the latency tracker's expectation). */
  bucketMs: number;
}

/** `total` messages as fast as the in-flight window allows. */
export interface BurstJob extends JobBase {
  mode: 'burst';
  total: number;
}

/** `ratePerSecond` messages per second for `seconds`. */
export interface PacedJob extends JobBase {
  mode: 'paced';
  ratePerSecond: number;
  seconds: number;
}

export type PublishJob = BurstJob | PacedJob;

export interface PublisherReport {
  type: 'progress' | 'done';
  published: number;
  /** Acknowledged by the broker (PUBACK): what a contender must land. */
  acked: number;
  failed: number;
  /** Epoch ms of the first publish, and of this report. */
  startedAt: number;
  at: number;
  /** Acknowledged since the previous report, per bucket of ts: [bucket start, count]. */
  buckets: Array<[number, number]>;
  /** The same, of the latency sample's devices only (readings.ts). */
  sampleBuckets: Array<[number, number]>;
}
