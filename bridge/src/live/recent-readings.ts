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

/** A device's last points in a ring: slot `next` is written next, and the oldest is there once the ring is full. */
interface Ring {
  /** Its `ts`: in a typed array, so that a point costs no allocation (a 13-digit number would be boxed). */
  times: Float64Array;
  fields: Array<Record<string, FieldValue> | undefined>;
  count: number;
  next: number;
  heard: number;
}

/**
 * The last few readings of each device, so that a page that connects (or reconnects after a
 * bridge restart: then it starts empty) draws sparklines at once. Bounded in devices and points.
 * Every accepted reading passes through `add`, so it writes into a ring per device: no point tuple
 * and no boxed timestamp per reading, kept until its device's ring comes round to it, and no array
 * shifted: at full speed these were a measurable share of the per-message work.
 */
export class RecentReadings {
  readonly #byDevice = new Map<string, Ring>();
  /** Counts additions: a device's `heard` is the count at its latest, so the smallest was heard from longest ago. */
  #additions = 0;

  constructor(private readonly limits: RecentReadingsLimits) {}

  add(key: string, ts: number, fields: Record<string, FieldValue>): void {
    let ring = this.#byDevice.get(key);
    if (ring === undefined) {
      if (this.#byDevice.size >= this.limits.devices) this.#evictLongestUnheard();
      const size = this.limits.perDevice;
      ring = { times: new Float64Array(size), fields: new Array<Record<string, FieldValue> | undefined>(size), count: 0, next: 0, heard: 0 };
      this.#byDevice.set(key, ring);
    }
    ring.heard = ++this.#additions;
    ring.times[ring.next] = ts;
    ring.fields[ring.next] = fields;
    ring.next = (ring.next + 1) % ring.times.length;
    if (ring.count < ring.times.length) ring.count += 1;
  }

  /** Every device's points, oldest first. */
  snapshot(): Record<string, RecentPoint[]> {
    const snapshot: Record<string, RecentPoint[]> = {};
    for (const [key, { times, fields, count, next }] of this.#byDevice) {
      const size = times.length;
      const oldest = count < size ? 0 : next;
      snapshot[key] = Array.from({ length: count }, (_, i): RecentPoint => {
        const slot = (oldest + i) % size;
        return [times[slot]!, fields[slot]!];
      });
    }
    return snapshot;
  }

  /** The 1 % heard from longest ago go at once: a flood of new devices costs one sort per hundredth of the limit. */
  #evictLongestUnheard(): void {
    const count = Math.max(1, Math.floor(this.limits.devices / 100));
    const oldest = [...this.#byDevice].sort(([, a], [, b]) => a.heard - b.heard).slice(0, count);
    for (const [key] of oldest) this.#byDevice.delete(key);
  }
}
