import { parsePattern, subscriptionFilter } from './pattern.js';
import type { Profile } from './types.js';

/** The MQTT subscription filters the profiles name (messages and status), each once: `solar-tracker/+/telemetry`. */
export function topicFilters(profiles: readonly Profile[]): string[] {
  const patterns = profiles.flatMap((p) => [p.topic, p.status?.topic]).filter((t): t is string => t !== undefined);
  return [
    ...new Set(
      patterns.map((text) => {
        const parsed = parsePattern(text);
        if ('problem' in parsed) throw new Error(parsed.problem);
        return subscriptionFilter(parsed.pattern);
      }),
    ),
  ];
}

/** Every payload path a profile reads (tags, measurement, unit key, timestamp, the fields of all its measurements) or ignores. */
export function payloadPaths(profile: Profile): string[] {
  return [
    ...profile.tags.flatMap((t) => (t.path === undefined ? [] : [t.path])),
    ...(profile.measurement.path === undefined ? [] : [profile.measurement.path]),
    ...(profile.unitKey === undefined ? [] : [profile.unitKey]),
    ...(profile.timestamp === undefined ? [] : [profile.timestamp.path]),
    ...profile.kinds.flatMap((kind) => kind.fields.flatMap((field) => field.keys)),
    ...profile.ignore,
  ];
}
