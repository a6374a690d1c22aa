import { DateTime } from 'luxon';
import { formatClock, parseClock } from './calendar.js';
import type { WindowRow } from './rows.js';

/** Tariffs that apply to every site have this site. */
export const EVERY_SITE = '*';

/** A price per kWh from a moment on, with optional peak hours at another rate (`archive_tariff`). */
export interface Tariff {
  /** A site, or `*` for every site without a tariff of its own in force. */
  readonly site: string;
  /** Epoch ms from which this tariff is in force, until the next one of the same site. */
  readonly effectiveFrom: number;
  readonly currency: string;
  /** Price of one kWh outside peak hours. */
  readonly rate: number;
  /** Peak hours in the site's local time, `[start, end)` in minutes after midnight; end < start wraps past midnight. */
  readonly peak: { readonly rate: number; readonly startMinute: number; readonly endMinute: number } | null;
}

export interface PricedRate {
  readonly rate: number;
  readonly currency: string;
}

/**
 * The rate in force at `ts` for `site`: the latest tariff of the site itself that has begun, else the
 * latest `*` one; the peak rate when the site's local time of day lies in its peak hours.
 */
export function rateAt(tariffs: readonly Tariff[], site: string, zone: string, ts: number): PricedRate | undefined {
  const tariff = latestInForce(tariffs, site, ts) ?? latestInForce(tariffs, EVERY_SITE, ts);
  if (!tariff) return undefined;
  if (tariff.peak && inPeak(tariff.peak, localMinuteOfDay(ts, zone))) return { rate: tariff.peak.rate, currency: tariff.currency };
  return { rate: tariff.rate, currency: tariff.currency };
}

function latestInForce(tariffs: readonly Tariff[], site: string, ts: number): Tariff | undefined {
  let found: Tariff | undefined;
  for (const t of tariffs) if (t.site === site && t.effectiveFrom <= ts && (!found || t.effectiveFrom > found.effectiveFrom)) found = t;
  return found;
}

function inPeak(peak: NonNullable<Tariff['peak']>, minute: number): boolean {
  return peak.startMinute <= peak.endMinute ? minute >= peak.startMinute && minute < peak.endMinute : minute >= peak.startMinute || minute < peak.endMinute;
}

function localMinuteOfDay(ts: number, zone: string): number {
  const local = DateTime.fromMillis(ts, { zone });
  return local.hour * 60 + local.minute;
}

/**
 * Prices the base tier's power rows: energy × the rate in force at the window's start. Exact,
 * because the tariff API only accepts changes and peak hours on base-window boundaries, so one rate
 * holds for a whole window. Rows without energy, or of a site without a tariff, stay unpriced.
 */
export function priceRows(rows: readonly WindowRow[], tariffs: readonly Tariff[], zoneOf: (site: string) => string): WindowRow[] {
  if (tariffs.length === 0) return [...rows];
  return rows.map((row) => {
    if (row.energyWh === null) return row;
    const price = rateAt(tariffs, row.site, zoneOf(row.site), row.windowStart);
    return price ? { ...row, cost: (row.energyWh / 1000) * price.rate, currency: price.currency } : row;
  });
}

/** `PUT /api/tariffs` body, as its JSON schema (api.ts) lets it through. */
export interface TariffBody {
  site?: string;
  effectiveFrom?: string | number;
  currency: string;
  rate: number;
  peak?: { rate: number; start: string; end: string };
}

export const TARIFF_BODY_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['currency', 'rate'],
  properties: {
    site: { type: 'string', minLength: 1, maxLength: 64 },
    effectiveFrom: { anyOf: [{ type: 'string', minLength: 1 }, { type: 'integer', minimum: 0 }] },
    currency: { type: 'string', pattern: '^[A-Z]{3,8}$' },
    rate: { type: 'number', minimum: 0 },
    peak: {
      type: 'object',
      additionalProperties: false,
      required: ['rate', 'start', 'end'],
      properties: { rate: { type: 'number', minimum: 0 }, start: { type: 'string' }, end: { type: 'string' } },
    },
  },
} as const;

/**
 * A tariff from a request, or the sentence saying what to fix. It starts at `effectiveFrom` (default:
 * the next base window), and it and the peak hours fall on base-window boundaries, so each window has one rate.
 */
export function tariffFromBody(body: TariffBody, baseMs: number, now: number, isSite: (site: string) => boolean): Tariff | string {
  const site = body.site ?? EVERY_SITE;
  if (site !== EVERY_SITE && !isSite(site)) return `site ${JSON.stringify(site)} is not a valid identifier (or * for every site)`;
  const from = body.effectiveFrom === undefined ? Math.ceil(now / baseMs) * baseMs : typeof body.effectiveFrom === 'number' ? body.effectiveFrom : Date.parse(body.effectiveFrom);
  if (!Number.isFinite(from)) return `effectiveFrom must be an ISO 8601 time with an offset (2026-12-01T00:00:00Z) or epoch milliseconds`;
  if (from % baseMs !== 0) return `effectiveFrom must fall on a boundary of the ${baseMs / 60_000}-minute archive windows (e.g. ${new Date(Math.ceil(from / baseMs) * baseMs).toISOString()})`;
  let peak: Tariff['peak'] = null;
  if (body.peak) {
    const startMinute = parseClock(body.peak.start);
    const endMinute = parseClock(body.peak.end);
    if (startMinute === undefined || endMinute === undefined) return 'peak.start and peak.end must be local times HH:MM, e.g. 18:00 and 23:00';
    if (startMinute === endMinute) return 'peak.start and peak.end must differ';
    if ((startMinute * 60_000) % baseMs !== 0 || (endMinute * 60_000) % baseMs !== 0) return `peak hours must fall on boundaries of the ${baseMs / 60_000}-minute archive windows`;
    peak = { rate: body.peak.rate, startMinute, endMinute };
  }
  return { site, effectiveFrom: from, currency: body.currency, rate: body.rate, peak };
}

/** A tariff as the API shows it. */
export function tariffView(t: Tariff): Record<string, unknown> {
  return {
    site: t.site,
    effectiveFrom: new Date(t.effectiveFrom).toISOString(),
    currency: t.currency,
    rate: t.rate,
    peak: t.peak ? { rate: t.peak.rate, start: formatClock(t.peak.startMinute), end: formatClock(t.peak.endMinute) } : null,
  };
}
