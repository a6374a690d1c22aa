import { DEFAULT_PROFILES, type KindProfile } from '../pipeline/profiles.js';

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
  readonly fields: readonly ArchivedField[];
}

/**
 * Kinds whose `value` is a running total (pulses, items, Wh) that only grows except when the device
 * resets it. Kept here rather than in the pipeline profiles because only the archive treats them differently.
 */
export const COUNTER_KINDS: readonly string[] = ['counter'];

const COUNTER_KIND: KindProfile = {
  kind: 'counter',
  aliases: [],
  fields: [{ keys: ['value'], field: 'value', label: 'counter', type: 'number', required: true }],
};

/**
 * Every numeric and boolean field of the known kinds (booleans as 0/1, so `mean` is the share of
 * readings that were on). Power fields (unit W) are integrated; counter kinds get their increase.
 */
export function archivedKinds(profiles: readonly KindProfile[] = DEFAULT_PROFILES): ArchivedKind[] {
  const all = profiles.some((p) => p.kind === COUNTER_KIND.kind) ? profiles : [...profiles, COUNTER_KIND];
  return all.map((profile) => ({
    kind: profile.kind,
    fields: profile.fields.map((f) => ({
      field: f.field,
      integrate: f.type === 'number' && f.unit === 'W',
      counter: f.type === 'number' && COUNTER_KINDS.includes(profile.kind),
    })),
  }));
}
