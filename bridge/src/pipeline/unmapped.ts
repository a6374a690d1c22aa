import { payloadPaths } from '../profiles/reads.js';
import type { Profile } from '../profiles/types.js';
import type { JsonObject } from './decode.js';

/** Payload keys a profile neither maps nor ignores, as dotted paths (`extra`, `meta.rssi`); undefined when there are none. */
export type UnmappedKeys = (payload: JsonObject) => string[] | undefined;

/** A key's subtree: every key below it is known (a mapped or ignored path ends here), or only these keys are. */
type KnownKeys = Map<string, KnownKeys | 'all'>;

/**
 * Built once per profile from every path it reads (tags, measurement, unit key, timestamp, fields of
 * all its measurements) and ignores. Only objects the profile reads into are looked inside.
 */
export function compileUnmappedKeys(profile: Profile): UnmappedKeys {
  const root: KnownKeys = new Map();
  for (const path of payloadPaths(profile)) {
    const keys = path.split('.');
    let node = root;
    for (const [i, key] of keys.entries()) {
      const known = node.get(key);
      if (known === 'all') break;
      if (i === keys.length - 1) {
        node.set(key, 'all');
      } else {
        const child = known ?? new Map();
        node.set(key, child);
        node = child;
      }
    }
  }
  return (payload) => collect(payload, root, '', undefined);
}

function collect(object: JsonObject, known: KnownKeys, prefix: string, found: string[] | undefined): string[] | undefined {
  let unmapped = found;
  for (const key in object) {
    if (!Object.hasOwn(object, key)) continue;
    const entry = known.get(key);
    if (entry === undefined) (unmapped ??= []).push(prefix + key);
    else if (entry !== 'all' && isObject(object[key])) unmapped = collect(object[key] as JsonObject, entry, `${prefix}${key}.`, unmapped);
  }
  return unmapped;
}

function isObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
