import type { Profile } from '../profiles/types.js';

/** What the archive keeps of one InfluxDB field. */
export interface ArchivedField {
  readonly field: string;
  /** Power in W: also integrated to energy in Wh. */
  readonly integrate: boolean;
  /** A running total that may reset: also its increase per window. */
  readonly counter: boolean;
}

export interface ArchivedKind {
  /** The InfluxDB measurement. */
  readonly kind: string;
  /** The tag that names the device (`device`, `machine`). */
  readonly deviceTag: string;
  /**
   * Tags that split one device into several series (a plug's `port`): each series is archived as a
   * device of its own, `{device}.{tag}{value}` (`plug-7.port2`). `site` and `room` never split:
   * a device that moved rooms is still one device.
   */
  readonly seriesTags: readonly string[];
  readonly fields: readonly ArchivedField[];
}

/** Tags that never split a device's series. */
const NOT_SERIES = ['site', 'room'];

/**
 * Every numeric and boolean field of the profiles' measurements (booleans as 0/1, so `mean` is the
 * share of readings that were on; strings are not aggregated). Power fields (unit W) are
 * integrated; fields marked `counter` get their increase.
 */
export function archivedKinds(profiles: readonly Profile[]): ArchivedKind[] {
  const byKind = new Map<string, ArchivedKind>();
  for (const profile of profiles) {
    const seriesTags = profile.tags.map((t) => t.name).filter((name) => name !== profile.deviceTag && !NOT_SERIES.includes(name));
    for (const kind of profile.kinds) {
      // A measurement two profiles share is read once (the first one's tags decide its series).
      if (byKind.has(kind.kind)) continue;
      const fields = kind.fields
        .filter((f) => f.type !== 'string')
        .map((f) => ({ field: f.field, integrate: f.type === 'number' && f.unit === 'W', counter: f.counter === true }));
      byKind.set(kind.kind, { kind: kind.kind, deviceTag: profile.deviceTag, seriesTags, fields });
    }
  }
  return [...byKind.values()];
}
