import { isIdentifier } from '../pipeline/identifiers.js';
import { DEFAULT_DEVICE_TAG, kindsOf, type FieldFile, type ProfileFile, type TagFile } from './file.js';
import { levelNames, overlaps, parsePattern, type TopicPattern } from './pattern.js';
import type { Profile } from './types.js';

/** Where in a profile file something is wrong (`fields.power_w.range`) and what. */
export interface Problem {
  at: string;
  message: string;
}

/** The field every point carries, written by the bridge itself. */
const QUALITY_FIELD = 'quality';

/** The rules the schema cannot state: how keys relate to each other. The first problem found, if any. */
export function fileProblem(file: ProfileFile): Problem | undefined {
  return (
    sourceProblem(file) ??
    measurementProblem(file) ??
    tagsProblem(file) ??
    kindsProblem(file) ??
    statusProblem(file)
  );
}

/** A profile against the ones loaded before it: names, topics and routes must not collide. */
export function crossProfileProblem(profile: Profile, earlier: readonly Profile[]): Problem | undefined {
  for (const other of earlier) {
    if (other.name === profile.name) return { at: '(file name)', message: `another profile is also called "${profile.name}" (${other.file})` };
    if (profile.route !== undefined && profile.route === other.route) return { at: 'route', message: `"${profile.route}" is also the route of profile "${other.name}"` };
    for (const [at, mine] of topicsOf(profile)) {
      for (const [, theirs] of topicsOf(other)) {
        if (overlaps(mine, theirs)) return { at, message: `"${mine.text}" overlaps "${theirs.text}" of profile "${other.name}": a topic would match both` };
      }
    }
  }
  return undefined;
}

function topicsOf(profile: Profile): Array<[string, TopicPattern]> {
  const texts: Array<[string, string | undefined]> = [['topic', profile.topic], ['status.topic', profile.status?.topic]];
  return texts.flatMap(([at, text]) => {
    const parsed = text === undefined ? undefined : parsePattern(text);
    return parsed && 'pattern' in parsed ? [[at, parsed.pattern] as [string, TopicPattern]] : [];
  });
}

function sourceProblem(file: ProfileFile): Problem | undefined {
  if ((file.topic === undefined) === (file.route === undefined)) {
    return { at: '(top level)', message: 'needs either "topic" (an MQTT topic pattern) or "route" (an HTTP route), not both' };
  }
  return patternProblem('topic', file.topic);
}

function patternProblem(at: string, text: string | undefined): Problem | undefined {
  if (text === undefined) return undefined;
  const parsed = parsePattern(text);
  return 'problem' in parsed ? { at, message: parsed.problem } : undefined;
}

/** Level names of the message topic (and of the status topic, which must name the same identity levels). */
function levelsOf(text: string | undefined): Set<string> {
  const parsed = text === undefined ? undefined : parsePattern(text);
  return new Set(parsed && 'pattern' in parsed ? levelNames(parsed.pattern) : []);
}

function measurementProblem(file: ProfileFile): Problem | undefined {
  if (typeof file.measurement === 'string') {
    if (file.fields === undefined) return { at: '(top level)', message: 'a constant "measurement" needs "fields"' };
    if (file.measurements !== undefined) return { at: 'measurements', message: 'applies only when "measurement" names a topic level or payload key' };
    return undefined;
  }
  if (file.measurements === undefined) return { at: '(top level)', message: 'a "measurement" read from the message needs "measurements"' };
  if (file.fields !== undefined) return { at: 'fields', message: 'with several measurements, each one lists its fields under "measurements"' };
  return levelProblem('measurement.segment', file.measurement.segment, file);
}

function levelProblem(at: string, segment: string | undefined, file: ProfileFile): Problem | undefined {
  if (segment === undefined) return undefined;
  if (file.topic === undefined) return { at, message: 'a topic level needs a "topic"; an HTTP profile reads a request parameter ("param")' };
  if (!levelsOf(file.topic).has(segment)) return { at, message: `{${segment}} is not a level of the topic "${file.topic}"` };
  return undefined;
}

function tagsProblem(file: ProfileFile): Problem | undefined {
  const deviceTag = file.deviceTag ?? DEFAULT_DEVICE_TAG;
  if (deviceTag === 'site') return { at: 'deviceTag', message: 'the site is not a device: name the tag that tells devices apart' };
  if (!Object.hasOwn(file.tags, deviceTag)) {
    const at = file.deviceTag === undefined ? 'tags' : 'deviceTag';
    return { at, message: `names no tag "${deviceTag}": the device's own tag must be one of "tags"` };
  }
  for (const [name, tag] of Object.entries(file.tags)) {
    const problem = tagProblem(`tags.${name}`, tag, file) ?? identityProblem(`tags.${name}`, name, tag, deviceTag);
    if (problem) return problem;
  }
  return undefined;
}

function tagProblem(at: string, tag: TagFile, file: ProfileFile): Problem | undefined {
  const origins = [tag.segment, tag.constant, tag.param].filter((o) => o !== undefined).length;
  if (origins > 1 || (origins === 0 && tag.path === undefined) || (tag.path !== undefined && (tag.constant ?? tag.param) !== undefined)) {
    return { at, message: 'give one of "segment", "path", "constant" or "param" ("path" may be added to "segment": both must then agree)' };
  }
  if (tag.param !== undefined && file.route === undefined) return { at: `${at}.param`, message: 'request parameters exist only in a profile with a "route"' };
  if (tag.constant !== undefined && !isIdentifier(tag.constant)) return { at: `${at}.constant`, message: 'must be an identifier' };
  if (tag.optional && (tag.path === undefined || tag.segment !== undefined)) return { at: `${at}.optional`, message: 'only a tag read from the payload alone may be optional' };
  if (tag.type === 'integer' && (tag.path === undefined || tag.segment !== undefined)) return { at: `${at}.type`, message: 'an integer tag is read from the payload alone' };
  if (tag.range !== undefined && tag.type !== 'integer') return { at: `${at}.range`, message: 'only an integer tag has a range' };
  if (tag.range !== undefined && !isOrderedPair(tag.range)) return { at: `${at}.range`, message: 'must be two finite numbers, the smaller first' };
  return levelProblem(`${at}.segment`, tag.segment, file);
}

/** Site and device name every reading and status message, so they are always present, and read the same way in both. */
function identityProblem(at: string, name: string, tag: TagFile, deviceTag: string): Problem | undefined {
  if (name !== 'site' && name !== deviceTag) return undefined;
  if (tag.optional) return { at: `${at}.optional`, message: `the ${name === 'site' ? 'site' : "device's"} tag is always required` };
  if (tag.type === 'integer') return { at: `${at}.type`, message: `the ${name === 'site' ? 'site' : "device's"} tag is an identifier` };
  return undefined;
}

function kindsProblem(file: ProfileFile): Problem | undefined {
  const kinds = kindsOf(file);
  const names = new Map<string, string>();
  for (const { kind, aliases, fields, at } of kinds) {
    for (const name of [kind, ...aliases]) {
      const key = name.toLowerCase();
      const other = names.get(key);
      if (other !== undefined) return { at: at.replace(/\.fields$/, ''), message: `"${name}" also names the measurement "${other}"` };
      names.set(key, kind);
    }
    const problem = fieldsProblem(at, fields, file);
    if (problem) return problem;
  }
  return undefined;
}

function fieldsProblem(at: string, fields: Record<string, FieldFile>, file: ProfileFile): Problem | undefined {
  const withUnits = Object.keys(fields).filter((name) => fields[name]!.units !== undefined);
  if (withUnits.length > 1) return { at: `${at}.${withUnits[1]}.units`, message: `only one field per measurement is described by the payload's unit ("${withUnits[0]}" already is)` };
  for (const [name, field] of Object.entries(fields)) {
    const where = `${at}.${name}`;
    if (name === QUALITY_FIELD) return { at: where, message: '"quality" is written by the bridge itself' };
    if (Object.hasOwn(file.tags, name)) return { at: where, message: `"${name}" is also a tag: InfluxDB keeps tags and fields apart` };
    const problem = fieldProblem(where, field, file);
    if (problem) return problem;
  }
  return undefined;
}

function fieldProblem(at: string, field: FieldFile, file: ProfileFile): Problem | undefined {
  const numeric = field.type === 'number' || field.type === 'integer';
  const misplaced: Array<[keyof FieldFile, boolean, string]> = [
    ['unit', numeric, 'only a number or integer field has a unit'],
    ['range', numeric, 'only a number or integer field has a range'],
    ['plausible', numeric, 'only a number or integer field has a plausible band'],
    ['counter', numeric, 'only a number or integer field can be a counter'],
    ['units', field.type === 'number', 'only a number field converts units (an integer would no longer be whole)'],
    ['trueValues', field.type === 'boolean', 'only a boolean field has trueValues'],
    ['falseValues', field.type === 'boolean', 'only a boolean field has falseValues'],
    ['maxLength', field.type === 'string', 'only a string field has maxLength'],
  ];
  for (const [key, allowed, message] of misplaced) {
    if (field[key] !== undefined && !allowed) return { at: `${at}.${key}`, message };
  }
  if (field.units !== undefined && file.unitKey === undefined) {
    return { at: `${at}.units`, message: 'needs "unitKey" at the top level: the payload key that names the unit' };
  }
  return unitsProblem(at, field) ?? bandsProblem(at, field) ?? literalsProblem(at, field);
}

function unitsProblem(at: string, field: FieldFile): Problem | undefined {
  const seen = new Set<string>();
  for (const [i, unit] of (field.units ?? []).entries()) {
    if (!Number.isFinite(unit.offset ?? 0) || !Number.isFinite(unit.scale ?? 1)) return { at: `${at}.units[${i}]`, message: 'offset and scale must be finite numbers' };
    for (const name of unit.names) {
      if (seen.has(name.trim())) return { at: `${at}.units[${i}].names`, message: `"${name}" is already a name of another unit` };
      seen.add(name.trim());
    }
  }
  return undefined;
}

function bandsProblem(at: string, field: FieldFile): Problem | undefined {
  if (field.range && !isOrderedPair(field.range)) return { at: `${at}.range`, message: 'must be two finite numbers, the smaller first' };
  if (field.plausible && !isOrderedPair(field.plausible)) return { at: `${at}.plausible`, message: 'must be two finite numbers, the smaller first' };
  if (field.range && field.plausible && (field.plausible[0] < field.range[0] || field.plausible[1] > field.range[1])) {
    return { at: `${at}.plausible`, message: 'must lie inside the physical range' };
  }
  return undefined;
}

function literalsProblem(at: string, field: FieldFile): Problem | undefined {
  const both = (field.trueValues ?? []).find((v) => (field.falseValues ?? []).includes(v));
  return both === undefined ? undefined : { at: `${at}.falseValues`, message: `${JSON.stringify(both)} cannot mean both true and false` };
}

function statusProblem(file: ProfileFile): Problem | undefined {
  const status = file.status;
  if (status === undefined) return undefined;
  if (file.topic === undefined) return { at: 'status', message: 'status messages arrive over MQTT: only a profile with a "topic" has them' };
  const problem = patternProblem('status.topic', status.topic);
  if (problem) return problem;
  const levels = levelsOf(status.topic);
  for (const name of ['site', file.deviceTag ?? DEFAULT_DEVICE_TAG]) {
    const segment = file.tags[name]?.segment;
    if (segment !== undefined && !levels.has(segment)) {
      return { at: 'status.topic', message: `must name the level {${segment}} too: the ${name} tag is read from it` };
    }
  }
  const both = status.state.online.find((word) => status.state.offline.some((w) => w.toLowerCase() === word.toLowerCase()));
  if (both !== undefined) return { at: 'status.state.offline', message: `"${both}" cannot mean both online and offline` };
  return undefined;
}

function isOrderedPair(pair: readonly number[]): boolean {
  return pair.length === 2 && Number.isFinite(pair[0]) && Number.isFinite(pair[1]) && pair[0]! <= pair[1]!;
}
