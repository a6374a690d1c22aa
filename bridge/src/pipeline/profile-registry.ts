import type { FieldProfile, KindProfile, UnitConversion } from './profiles.js';
import { isIdentifier } from './identifiers.js';
import { formatNumber, formatRange } from './text.js';

/** Kind lookup over a checked profile table. */
export interface ProfileRegistry {
  readonly profiles: readonly KindProfile[];
  /** Finds a profile by kind or alias, case-insensitively. */
  resolve(kind: string): KindProfile | undefined;
  /** "temperature, humidity, …" for details. */
  readonly kindList: string;
}

/** Checks the table once at start (a broken table is a fatal configuration error) and indexes it. */
export function createProfileRegistry(profiles: readonly KindProfile[]): ProfileRegistry {
  const problems = profiles.flatMap(profileProblems);
  const byName = new Map<string, KindProfile>();
  for (const profile of profiles) {
    for (const name of [profile.kind, ...profile.aliases]) {
      const key = name.toLowerCase();
      if (byName.has(key)) problems.push(`kind or alias "${name}" is used by more than one profile`);
      byName.set(key, profile);
    }
  }
  if (profiles.length === 0) problems.push('no kind profiles are defined');
  if (problems.length > 0) throw new Error(`Invalid kind profiles:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  return {
    profiles,
    resolve: (kind) => byName.get(kind.toLowerCase()),
    kindList: profiles.map((p) => p.kind).join(', '),
  };
}

function profileProblems(profile: KindProfile): string[] {
  const problems: string[] = [];
  for (const name of [profile.kind, ...profile.aliases]) {
    if (!isIdentifier(name)) problems.push(`kind or alias "${name}" is not a valid identifier`);
  }
  if (profile.fields.length === 0) problems.push(`${profile.kind} has no fields`);
  if (profile.fields.filter((f) => f.units).length > 1) problems.push(`${profile.kind} has more than one field described by the payload's "unit"`);
  const fieldNames = profile.fields.map((f) => f.field);
  if (new Set(fieldNames).size !== fieldNames.length) problems.push(`${profile.kind} repeats a field name`);
  for (const field of profile.fields) problems.push(...fieldProblems(profile.kind, field));
  return problems;
}

function fieldProblems(kind: string, field: FieldProfile): string[] {
  const problems: string[] = [];
  const where = `${kind}.${field.field}`;
  if (!/^[a-z][a-z0-9_]*$/.test(field.field)) problems.push(`${where}: field name must be lower_snake_case`);
  if (field.keys.length === 0) problems.push(`${where}: no payload keys`);
  if (field.type === 'boolean' && (field.units || field.range || field.plausible)) {
    problems.push(`${where}: a boolean field takes no units or ranges`);
  }
  if (field.range && !isOrderedPair(field.range)) problems.push(`${where}: range must be two finite numbers, min ≤ max`);
  if (field.plausible && !isOrderedPair(field.plausible)) problems.push(`${where}: plausible band must be two finite numbers, min ≤ max`);
  if (field.range && field.plausible && (field.plausible[0] < field.range[0] || field.plausible[1] > field.range[1])) {
    problems.push(`${where}: plausible band lies outside the physical range`);
  }
  for (const unit of field.units ?? []) {
    if (!Number.isFinite(unit.offset) || !Number.isFinite(unit.scale) || unit.scale === 0 || unit.names.length === 0) {
      problems.push(`${where}: unit ${unit.names[0] ?? '(unnamed)'} needs names, a finite offset and a non-zero scale`);
    }
  }
  return problems;
}

function isOrderedPair(pair: readonly [number, number]): boolean {
  return Number.isFinite(pair[0]) && Number.isFinite(pair[1]) && pair[0] <= pair[1];
}

/** A Markdown table of kinds, fields, units and ranges, for the README and operators. */
export function describeProfiles(profiles: readonly KindProfile[]): string {
  const header = [
    '| kind | aliases | field (InfluxDB) | payload keys | type | required | unit | accepted units | physical range | suspect outside |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  const rows = profiles.flatMap((profile) =>
    profile.fields.map((field) =>
      [
        profile.kind,
        profile.aliases.join(', ') || '—',
        field.field,
        field.keys.join(', '),
        field.type,
        field.required ? 'yes' : 'no',
        field.unit ?? '—',
        field.units?.map((u) => `${u.names.join(' / ')}${describeConversion(u)}`).join('; ') ?? (field.unit ? `${field.unit} only` : '—'),
        field.range ? formatRange(field.range, field.unit) : field.type === 'boolean' ? 'true / false' : '—',
        field.plausible ? formatRange(field.plausible, field.unit) : '—',
      ].join(' | '),
    ),
  );
  return [...header, ...rows.map((row) => `| ${row} |`)].join('\n');
}

function describeConversion(unit: UnitConversion): string {
  const scale = formatNumber(Number(unit.scale.toPrecision(4)));
  if (unit.offset === 0) return unit.scale === 1 ? '' : ` (× ${scale})`;
  const shift = `x ${unit.offset < 0 ? '−' : '+'} ${formatNumber(Math.abs(unit.offset))}`;
  return unit.scale === 1 ? ` (${shift})` : ` ((${shift}) × ${scale})`;
}
