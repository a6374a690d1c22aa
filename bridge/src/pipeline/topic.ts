import type { StageResult } from '../model/rejection.js';
import { parsePattern, type TopicPattern } from '../profiles/pattern.js';
import { quote } from './text.js';

/** The named levels of a topic that matched a pattern, e.g. `{ site: 'demo', kind: 'temperature', deviceId: 'temp-1' }`. */
export type TopicLevels = Record<string, string>;

/** One topic pattern, compiled: `parse` checks a topic's shape only (identifier rules come later). */
export interface CompiledPattern {
  readonly text: string;
  /** The first level when it is a literal (`building`): topics starting with it are this pattern's to refuse. */
  readonly firstLiteral: string | undefined;
  parse(topic: string): StageResult<TopicLevels>;
  /** Like `parse`, on a topic already split into levels; undefined when it does not match. */
  match(levels: readonly string[]): TopicLevels | undefined;
}

export function compilePattern(text: string): CompiledPattern {
  const parsed = parsePattern(text);
  if ('problem' in parsed) throw new Error(`invalid topic pattern: ${parsed.problem}`);
  const { levels } = parsed.pattern;
  const first = levels[0];
  // Per level: the literal it must equal, or the name it is read under (one array each: no checks of shape per message).
  const literals = levels.map((level) => ('literal' in level ? level.literal : undefined));
  const names = levels.map((level) => ('name' in level ? level.name : undefined));
  const count = levels.length;
  const match = (topicLevels: readonly string[]): TopicLevels | undefined => {
    if (topicLevels.length !== count) return undefined;
    const named: TopicLevels = {};
    for (let i = 0; i < count; i += 1) {
      const value = topicLevels[i]!;
      const name = names[i];
      if (name === undefined) {
        if (value !== literals[i]) return undefined;
      } else {
        if (value === '') return undefined;
        named[name] = value;
      }
    }
    return named;
  };
  return {
    text,
    firstLiteral: first && 'literal' in first ? first.literal : undefined,
    match,
    parse(topic) {
      const named = match(topic.split('/'));
      return named ? { ok: true, value: named } : { ok: false, rejection: notOfTheForm(topic, [text]) };
    },
  };
}

export interface TopicRoute<T> {
  readonly pattern: CompiledPattern;
  readonly target: T;
}

export interface TopicRouter<T> {
  /**
   * The route whose pattern the topic matches, with its named levels. Otherwise `invalid_topic`
   * when a pattern starts with the topic's first level (the topic is that profile's, misshapen), or
   * `no_profile` when none does.
   */
  match(topic: string): StageResult<{ route: TopicRoute<T>; levels: TopicLevels }>;
}

/**
 * Topics whose outcome is remembered: a building's devices publish on the same few thousand topics
 * again and again. Bounded in number and in length (a topic may be 64 KiB long), so at most a few MiB.
 */
const REMEMBERED_TOPICS = 10_000;
const REMEMBERED_TOPIC_LENGTH = 200;

/**
 * Routes are looked up by the topic's first level, so a new topic costs one split and a map lookup;
 * a topic seen before costs one lookup (its outcome is kept, frozen, until 10,000 others have come).
 */
export function createTopicRouter<T>(routes: readonly TopicRoute<T>[]): TopicRouter<T> {
  const route = routeTopics(routes);
  const remembered = new Map<string, ReturnType<TopicRouter<T>['match']>>();
  return {
    match(topic) {
      if (topic.length > REMEMBERED_TOPIC_LENGTH) return route(topic);
      let outcome = remembered.get(topic);
      if (outcome === undefined) {
        outcome = route(topic);
        // Shared by every message on this topic from now on: nothing may change it.
        if (outcome.ok) Object.freeze(outcome.value.levels);
        // Forgetting everything at once keeps it simple and bounded, whatever topics a client invents.
        if (remembered.size >= REMEMBERED_TOPICS) remembered.clear();
        remembered.set(topic, Object.freeze(outcome));
      }
      return outcome;
    },
  };
}

function routeTopics<T>(routes: readonly TopicRoute<T>[]): TopicRouter<T>['match'] {
  const byFirstLevel = new Map<string, TopicRoute<T>[]>();
  const anyFirstLevel: TopicRoute<T>[] = [];
  for (const route of routes) {
    const first = route.pattern.firstLiteral;
    if (first === undefined) anyFirstLevel.push(route);
    else byFirstLevel.set(first, [...(byFirstLevel.get(first) ?? []), route]);
  }
  const firstLevels = [...byFirstLevel.keys()].sort();
  return (topic) => {
    const levels = topic.split('/');
    const claimed = byFirstLevel.get(levels[0]!);
    for (const route of claimed ?? []) {
      const named = route.pattern.match(levels);
      if (named) return { ok: true, value: { route, levels: named } };
    }
    for (const route of anyFirstLevel) {
      const named = route.pattern.match(levels);
      if (named) return { ok: true, value: { route, levels: named } };
    }
    if (claimed) return { ok: false, rejection: notOfTheForm(topic, claimed.map((r) => r.pattern.text)) };
    return { ok: false, rejection: noProfile(topic, firstLevels) };
  };
}

function notOfTheForm(topic: string, shapes: readonly string[]): { reason: 'invalid_topic'; detail: string } {
  return { reason: 'invalid_topic', detail: `topic ${quote(topic, 80)} does not have the form ${shapes.join(' or ')}.` };
}

const LISTED_FIRST_LEVELS = 8;

function noProfile(topic: string, firstLevels: readonly string[]): { reason: 'no_profile'; detail: string } {
  const listed = firstLevels.slice(0, LISTED_FIRST_LEVELS).join(', ');
  const more = firstLevels.length > LISTED_FIRST_LEVELS ? ', …' : '';
  const known = firstLevels.length > 0 ? `; the loaded profiles read topics under ${listed}${more}` : '';
  return { reason: 'no_profile', detail: `topic ${quote(topic, 80)} matches no profile${known}.` };
}
