import { KINDS, UNKNOWN_KIND, UNKNOWN_KIND_DEFINITION, type KindDefinition } from '../constants.js';

const byAlias = new Map<string, KindDefinition>(KINDS.flatMap((kind) => kind.aliases.map((alias) => [alias, kind])));
const byId = new Map<string, KindDefinition>(KINDS.map((kind) => [kind.id, kind]));

/** Words of a name, without the `{label: value}` part Grafana appends to series names. */
export function nameTokens(text: string): string[] {
  return text
    .replace(/\{.*\}/g, ' ')
    .toLowerCase()
    .split(/[^a-z0-9₂]+/)
    .filter((token) => token.length > 0);
}

/** Hints seen before, with the kind found: every refresh asks again for every series. */
const detected = new Map<string, string | undefined>();
const MAX_REMEMBERED = 10_000;

/** The kind named by the first hint that mentions one, or undefined. */
export function detectKind(hints: Array<string | undefined>): string | undefined {
  const key = hints.join('\u0000');
  if (detected.has(key)) {
    return detected.get(key);
  }
  if (detected.size >= MAX_REMEMBERED) {
    detected.clear();
  }
  const kind = findKind(hints);
  detected.set(key, kind);
  return kind;
}

function findKind(hints: Array<string | undefined>): string | undefined {
  for (const hint of hints) {
    if (!hint) {
      continue;
    }
    for (const token of nameTokens(hint)) {
      const kind = byAlias.get(token);
      if (kind) {
        return kind.id;
      }
    }
  }
  return undefined;
}

/** Canonical id for an explicit kind value: an alias maps to its kind, anything else is kept as written. */
export function normaliseKind(value: string): string {
  const lower = value.trim().toLowerCase();
  return byAlias.get(lower)?.id ?? byId.get(lower)?.id ?? (lower || UNKNOWN_KIND);
}

export function kindDefinition(id: string): KindDefinition {
  return byId.get(id) ?? { ...UNKNOWN_KIND_DEFINITION, id, label: id === UNKNOWN_KIND ? UNKNOWN_KIND_DEFINITION.label : id };
}
