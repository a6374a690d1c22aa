import { isIdentifier } from '../pipeline/index.js';

/** Distinct unmapped keys counted under their own name per profile; the rest are counted together. */
export const MAX_UNMAPPED_KEYS_PER_PROFILE = 100;
/** The label of keys past the limit, and of keys that are not identifiers (they come from untrusted payloads). */
export const OTHER_KEY = '_other';

/**
 * Turns the unmapped payload keys of accepted messages into label values with bounded cardinality:
 * a metric label and a device's counts must not grow with whatever keys a device invents.
 */
export class UnmappedKeyLabels {
  readonly #seen = new Map<string, Set<string>>();

  constructor(private readonly maxPerProfile = MAX_UNMAPPED_KEYS_PER_PROFILE) {}

  labels(profile: string, keys: readonly string[]): string[] {
    let seen = this.#seen.get(profile);
    if (!seen) this.#seen.set(profile, (seen = new Set()));
    return keys.map((key) => {
      if (seen.has(key)) return key;
      if (!isIdentifier(key) || seen.size >= this.maxPerProfile) return OTHER_KEY;
      seen.add(key);
      return key;
    });
  }
}
