import { IDENTIFIER_RULE, isIdentifier } from '../pipeline/identifiers.js';
import type { ArchiveTier } from './settings.js';
import { parseDuration } from './windows.js';

export interface ArchiveQuery {
  device: string;
  site?: string;
  field?: string;
  tier: string;
  from: number;
  to: number;
  format: 'json' | 'csv';
  limit: number;
}

export type ParsedQuery = { ok: true; value: ArchiveQuery } | { ok: false; message: string };

const KNOWN = ['device', 'site', 'field', 'tier', 'from', 'to', 'format', 'limit'] as const;
export const DEFAULT_LIMIT = 10_000;
export const MAX_LIMIT = 100_000;
/** Without `from`, this many windows of the tier before `to` (a day of 5-minute windows). */
export const DEFAULT_WINDOWS = 288;
const FIELD_PATTERN = /^[a-z][a-z0-9_]{0,63}$/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const EPOCH_MS = /^\d{1,15}$/;

/**
 * Checks `GET /api/archive` parameters and says exactly what is wrong, in one sentence a user can
 * act on. Unknown parameters are refused rather than ignored, so a typo never widens a query.
 */
export function parseArchiveQuery(query: Record<string, unknown>, tiers: readonly ArchiveTier[], now: number): ParsedQuery {
  const fail = (message: string): ParsedQuery => ({ ok: false, message });
  const unknown = Object.keys(query).filter((k) => !(KNOWN as readonly string[]).includes(k));
  if (unknown.length > 0) return fail(`unknown parameter ${unknown.map((k) => JSON.stringify(k)).join(', ')}; known: ${KNOWN.join(', ')}`);
  const repeated = KNOWN.filter((k) => Array.isArray(query[k]));
  if (repeated.length > 0) return fail(`${repeated[0]} is given more than once`);
  const text = (k: (typeof KNOWN)[number]) => (typeof query[k] === 'string' ? (query[k] as string) : undefined);

  const device = text('device');
  if (device === undefined || device === '') return fail('device is required, e.g. ?device=temp-1');
  if (!isIdentifier(device)) return fail(`device ${JSON.stringify(device)} is not a valid identifier: ${IDENTIFIER_RULE}`);
  const site = text('site') || undefined;
  if (site !== undefined && !isIdentifier(site)) return fail(`site ${JSON.stringify(site)} is not a valid identifier: ${IDENTIFIER_RULE}`);
  const field = text('field') || undefined;
  if (field !== undefined && !FIELD_PATTERN.test(field)) return fail(`field ${JSON.stringify(field)} is not a field name such as value or power_w`);

  const tier = parseTier(text('tier'), tiers);
  if (typeof tier === 'string') return fail(tier);
  const to = parseTime('to', text('to'), now);
  if (typeof to === 'string') return fail(to);
  const from = parseTime('from', text('from'), to - DEFAULT_WINDOWS * tier.ms);
  if (typeof from === 'string') return fail(from);
  if (from >= to) return fail(`from (${new Date(from).toISOString()}) must be before to (${new Date(to).toISOString()})`);

  const format = text('format') ?? 'json';
  if (format !== 'json' && format !== 'csv') return fail(`format must be json or csv, got ${JSON.stringify(format)}`);
  const limit = parseLimit(text('limit'));
  if (typeof limit === 'string') return fail(limit);
  return { ok: true, value: { device, ...(site ? { site } : {}), ...(field ? { field } : {}), tier: tier.label, from, to, format, limit } };
}

/** A configured tier, also when spelled another way (`60m` for `1h`); the shortest one by default. */
function parseTier(value: string | undefined, tiers: readonly ArchiveTier[]): ArchiveTier | string {
  const labels = tiers.map((t) => t.label).join(', ');
  if (value === undefined || value === '') return tiers[0]!;
  const ms = parseDuration(value, 'smhd');
  const tier = tiers.find((t) => t.ms === ms);
  return tier ?? `tier ${JSON.stringify(value)} is not archived; choose one of ${labels}`;
}

/** ISO 8601 (`2024-05-01`, `2024-05-01T12:00:00Z`, UTC unless an offset is given) or epoch milliseconds; absent → `fallback`. */
export function parseTime(name: string, value: string | undefined, fallback: number): number | string {
  if (value === undefined || value === '') return fallback;
  const iso = ISO_TIME.exec(value);
  // A time without an offset is UTC here (JavaScript would read it as the server's local time).
  const ms = EPOCH_MS.test(value) ? Number(value) : iso ? Date.parse(iso[1] && !iso[4] ? `${value}Z` : value) : NaN;
  if (!Number.isFinite(ms)) return `${name} must be an ISO 8601 time (2024-05-01T12:00:00Z) or epoch milliseconds, got ${JSON.stringify(value)}`;
  return ms;
}

export function parseLimit(value: string | undefined): number | string {
  if (value === undefined || value === '') return DEFAULT_LIMIT;
  const limit = /^\d{1,7}$/.test(value) ? Number(value) : NaN;
  if (!(limit >= 1 && limit <= MAX_LIMIT)) return `limit must be a whole number from 1 to ${MAX_LIMIT}, got ${JSON.stringify(value)}`;
  return limit;
}

