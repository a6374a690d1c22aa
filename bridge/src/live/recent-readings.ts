import type { FieldValue } from '../model/reading.js';

/** One past reading of a device: its `ts` and fields. */
export type RecentPoint = [ts: number, fields: Record<string, FieldValue>];

/** Points kept per device: a tile's sparkline (the live view keeps as many as it appends updates). */
export const RECENT_POINTS_PER_DEVICE = 30;

export interface RecentReadingsLimits {
  /** Points kept per device (its sparkline on a freshly opened page). */
  perDevice: number;
  /** Devices kept; the one heard from longest ago goes first. */
  devices: number;
}

/**
 * The last few readings of each device, so that a page that connects (or reconnects after a
 * bridge restart: then it starts empty) draws sparklines at once. Bounded in devices and points.
 */
export class RecentReadings {
  readonly #byDevice = new Map<string, { points: RecentPoint[]; heard: number }>();
  /** Counts additions: a device's `heard` is the count at its latest, so the smallest was heard from longest ago. */
  #additions = 0;

  constructor(private readonly limits: RecentReadingsLimits) {}

  add(key: string, point: RecentPoint): void {
    let entry = this.#byDevice.get(key);
    if (entry === undefined) {
      if (this.#byDevice.size >= this.limits.devices) this.#evictLongestUnheard();
      entry = { points: [], heard: 0 };
      this.#byDevice.set(key, entry);
    }
    // Updated in place: nothing is reordered or allocated per reading but the point itself.
    entry.heard = ++this.#additions;
    entry.points.push(point);
    if (entry.points.length > this.limits.perDevice) entry.points.shift();
  }

  snapshot(): Record<string, RecentPoint[]> {
    const snapshot: Record<string, RecentPoint[]> = {};
    for (const [key, { points }] of this.#byDevice) snapshot[key] = points;
    return snapshot;
  }

  /** The 1 % heard from longest ago go at once: a flood of new devices costs one sort per hundredth of the limit. */
  #evictLongestUnheard(): void {
    const count = Math.max(1, Math.floor(this.limits.devices / 100));
    const oldest = [...this.#byDevice].sort(([, a], [, b]) => a.heard - b.heard).slice(0, count);
    for (const [key] of oldest) this.#byDevice.delete(key);
  }
}
