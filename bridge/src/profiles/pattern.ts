/**
 * Topic patterns with named levels, `solar-tracker/{device}/telemetry`: each level is either a
 * literal or a `{name}` that takes any one non-empty level.
 */
export interface TopicPattern {
  readonly text: string;
  /** One entry per level: the literal text, or the level's name. */
  readonly levels: readonly Level[];
}

export type Level = { readonly literal: string } | { readonly name: string };

const NAMED_LEVEL = /^\{([A-Za-z][A-Za-z0-9_]{0,63})\}$/;

/** The pattern's levels, or the reason it is not a pattern. */
export function parsePattern(text: string): { pattern: TopicPattern } | { problem: string } {
  const levels: Level[] = [];
  const names = new Set<string>();
  for (const level of text.split('/')) {
    if (level === '') return { problem: `"${text}" has an empty level` };
    const named = NAMED_LEVEL.exec(level);
    if (named) {
      const name = named[1]!;
      if (names.has(name)) return { problem: `"${text}" names the level {${name}} twice` };
      names.add(name);
      levels.push({ name });
    } else if (/[{}]/.test(level)) {
      return { problem: `"${text}": a named level is a whole level in braces, a name of letters, digits and "_" such as {device}` };
    } else {
      levels.push({ literal: level });
    }
  }
  return { pattern: { text, levels } };
}

export function levelNames(pattern: TopicPattern): string[] {
  return pattern.levels.flatMap((level) => ('name' in level ? [level.name] : []));
}

/** True when some topic matches both patterns. */
export function overlaps(a: TopicPattern, b: TopicPattern): boolean {
  if (a.levels.length !== b.levels.length) return false;
  return a.levels.every((level, i) => {
    const other = b.levels[i]!;
    return 'name' in level || 'name' in other || level.literal === other.literal;
  });
}

/** The MQTT subscription filter: every named level becomes `+`. */
export function subscriptionFilter(pattern: TopicPattern): string {
  return pattern.levels.map((level) => ('name' in level ? '+' : level.literal)).join('/');
}
