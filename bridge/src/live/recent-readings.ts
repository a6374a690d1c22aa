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
  readonly #byDevice = new Map<string, RecentPoint[]>();

  constructor(private readonly limits: RecentReadingsLimits) {}

  add(key: string, point: RecentPoint): void {
    const points = this.#byDevice.get(key) ?? [];
    // Re-inserting keeps the Map in least-recently-heard order, so the first key is the one to evict.
    this.#byDevice.delete(key);
    if (points.length === 0 && this.#byDevice.size >= this.limits.devices) this.#byDevice.delete(this.#byDevice.keys().next().value!);
    points.push(point);
    if (points.length > this.limits.perDevice) points.shift();
    this.#byDevice.set(key, points);
  }

  snapshot(): Record<string, RecentPoint[]> {
    return Object.fromEntries(this.#byDevice);
  }
}
