import { formatNumber, formatRange } from '../pipeline/text.js';
import type { KindProfile, Profile, TagSpec, UnitConversion, ValueSource } from './types.js';

/** One profile for an operator: where its messages come from, its tags, time, limit and status, then its fields. */
export function describeProfile(profile: Profile): string {
  const lines = [
    `### ${profile.name}`,
    '',
    ...(profile.description ? [profile.description, ''] : []),
    `- ${profile.topic !== undefined ? `MQTT topic \`${profile.topic}\`` : `HTTP \`POST /api/ingest/${profile.route}\``}`,
    `- measurement: ${describeSource(profile.measurement, 'measurement')}`,
    `- tags: ${profile.tags.map(describeTag).join('; ')} (the device: \`${profile.deviceTag}\`)`,
    `- time: ${profile.timestamp ? `payload \`${profile.timestamp.path}\` (${profile.timestamp.format === 'iso8601' ? 'ISO 8601' : 'epoch ms'}), else the receive time` : 'the receive time'}`,
    ...(profile.ignore.length > 0 ? [`- ignored keys: ${profile.ignore.map((k) => `\`${k}\``).join(', ')}`] : []),
    `- rate limit: ${profile.rateLimit ? `${formatNumber(profile.rateLimit.burst)} readings stamped within ${formatNumber(profile.rateLimit.burst / profile.rateLimit.perDevicePerSecond)} s per device` : 'RATE_LIMIT_PER_DEVICE / RATE_LIMIT_BURST'}`,
    ...(profile.status
      ? [`- status: \`${profile.status.topic}\`, \`${profile.status.state.path}\` = ${[...profile.status.state.online, ...profile.status.state.offline].join(' / ')}${profile.status.firmware ? `, firmware \`${profile.status.firmware.path}\`` : ''} → \`device_status\``]
      : []),
    '',
    describeProfiles(profile.kinds),
  ];
  return lines.join('\n');
}

function describeTag(tag: TagSpec): string {
  const integer = tag.type === 'integer' ? `, an integer${tag.range ? ` ${formatRange(tag.range, undefined)}` : ''}` : '';
  return `\`${tag.name}\` ← ${describeSource(tag, 'tag')}${tag.optional ? ' (optional)' : ''}${integer}`;
}

function describeSource(source: ValueSource, what: 'tag' | 'measurement'): string {
  if (source.constant !== undefined) return `\`${source.constant}\``;
  if (source.param !== undefined) return `request parameter \`${source.param}\``;
  const parts = [
    ...(source.segment === undefined ? [] : [`topic level {${source.segment}}`]),
    ...(source.path === undefined ? [] : [`payload \`${source.path}\``]),
  ];
  return parts.join(what === 'measurement' ? ' and ' : ' = ');
}

/** A Markdown table of a profile's measurements, fields, units and ranges, for the READMEs and operators. */
export function describeProfiles(kinds: readonly KindProfile[]): string {
  const header = [
    '| kind | aliases | field (InfluxDB) | payload keys | type | required | unit | accepted units | physical range | suspect outside |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  const rows = kinds.flatMap((profile) =>
    profile.fields.map((field) =>
      [
        profile.kind,
        profile.aliases.join(', ') || '—',
        field.field,
        field.keys.join(', '),
        field.counter ? `${field.type} (counter)` : field.type,
        field.required ? 'yes' : 'no',
        field.unit ?? '—',
        field.units?.map((u) => `${u.names.join(' / ')}${describeConversion(u)}`).join('; ') ?? (field.unit ? `${field.unit} only` : '—'),
        describeValues(field),
        field.plausible ? formatRange(field.plausible, field.unit) : '—',
      ].join(' | '),
    ),
  );
  return [...header, ...rows.map((row) => `| ${row} |`)].join('\n');
}

function describeValues(field: KindProfile['fields'][number]): string {
  if (field.range) return formatRange(field.range, field.unit);
  if (field.type === 'boolean') return ['true / false', ...(field.trueValues ?? []), ...(field.falseValues ?? [])].map(String).join(' / ');
  return '—';
}

function describeConversion(unit: UnitConversion): string {
  const scale = formatNumber(Number(unit.scale.toPrecision(4)));
  if (unit.offset === 0) return unit.scale === 1 ? '' : ` (× ${scale})`;
  const shift = `x ${unit.offset < 0 ? '−' : '+'} ${formatNumber(Math.abs(unit.offset))}`;
  return unit.scale === 1 ? ` (${shift})` : ` ((${shift}) × ${scale})`;
}
