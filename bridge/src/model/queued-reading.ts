import type { Reading } from './reading.js';

/** What the durable queue holds for each accepted message, and what every sink reads from it. */
export interface QueuedReading {
  reading: Reading;
  /** Epoch ms when the bridge received the message (end-to-end lag, the archive's written-through time). */
  receivedAt: number;
}

/** A reading as bridges queued it before device profiles: the building's tags as properties, the measurement as `kind`. */
interface ReadingBeforeProfiles extends Omit<Reading, 'measurement' | 'tags'> {
  site: string;
  room?: string;
  device: string;
  kind: string;
}

/**
 * A queue record as the sinks read it. A queue written by a bridge before device profiles (an
 * upgrade while InfluxDB was down) holds the older shape: it becomes the very same point, not a
 * batch dropped as unreadable.
 */
export function fromQueue(item: QueuedReading | { reading: ReadingBeforeProfiles; receivedAt: number }): QueuedReading {
  if ('measurement' in item.reading) return item as QueuedReading;
  const { site, room, device, kind, ...rest } = item.reading;
  const tags: Record<string, string> = room === undefined ? { site, device } : { site, device, room };
  return { reading: { ...rest, measurement: kind, tags }, receivedAt: item.receivedAt };
}
