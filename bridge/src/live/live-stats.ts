import type { Rejection } from '../model/rejection.js';
import type { RejectionLog } from '../rejections/rejection-log.js';

/** What the live view's header shows besides the devices. */
export interface LiveStats {
  /** When this bridge process started (epoch ms). */
  startedAt: number;
  uptimeSeconds: number;
  /** Accepted readings per second over the last WINDOW_SECONDS. */
  messagesPerSecond: number;
  /** Rejected messages per second over the same window. */
  rejectedPerSecond: number;
  /** Rejected share of all messages over the same window, 0–1. */
  rejectedShare: number;
  acceptedTotal: number;
  rejectedTotal: number;
  lastRejections: Array<Pick<Rejection, 'reason' | 'detail' | 'topic' | 'receivedAt' | 'device'>>;
}

const WINDOW_SECONDS = 10;
const LAST_REJECTIONS = 5;

/** Counts accepted readings and samples the rejection log once a second, for rates over a sliding window. */
export class LiveStatsTracker {
  #accepted = 0;
  /** Cumulative [accepted, rejected] totals, one sample a second, oldest first. */
  readonly #samples: Array<[number, number]> = [];

  constructor(
    private readonly rejections: RejectionLog,
    readonly startedAt: number,
  ) {}

  noteAccepted(): void {
    this.#accepted++;
  }

  /** Called once a second. */
  sample(): void {
    this.#samples.push([this.#accepted, this.rejections.total]);
    if (this.#samples.length > WINDOW_SECONDS + 1) this.#samples.shift();
  }

  stats(now: number): LiveStats {
    const [oldAccepted, oldRejected] = this.#samples[0] ?? [this.#accepted, this.rejections.total];
    const seconds = Math.max(1, this.#samples.length - 1);
    const accepted = this.#accepted - oldAccepted;
    const rejected = this.rejections.total - oldRejected;
    return {
      startedAt: this.startedAt,
      uptimeSeconds: Math.round((now - this.startedAt) / 1000),
      messagesPerSecond: accepted / seconds,
      rejectedPerSecond: rejected / seconds,
      rejectedShare: accepted + rejected === 0 ? 0 : rejected / (accepted + rejected),
      acceptedTotal: this.#accepted,
      rejectedTotal: this.rejections.total,
      lastRejections: this.rejections
        .recent(LAST_REJECTIONS)
        .map(({ reason, detail, topic, receivedAt, device }) => ({ reason, detail, topic, receivedAt, ...(device ? { device } : {}) })),
    };
  }
}
