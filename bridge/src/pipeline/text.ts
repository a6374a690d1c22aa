/**
 * Wording helpers for rejection details: every detail is one English sentence an operator can act on,
 * and any text taken from a message is quoted, escaped and shortened so it can never break a log line.
 */

const MAX_QUOTED_CHARS = 48;

/** A JSON-quoted, shortened copy of untrusted text: `"temp-1\n"` shows the newline instead of printing it. */
export function quote(text: string, maxChars = MAX_QUOTED_CHARS): string {
  const chars = Array.from(text);
  const short = chars.length > maxChars ? `${chars.slice(0, maxChars).join('')}…` : text;
  return JSON.stringify(short);
}

/** The JSON type of a parsed value, as an operator would name it. */
export function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return typeof value;
}

/** Type plus a short excerpt, e.g. `string "25.5"` or `null`, for "got …" phrases. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return `string ${quote(value, 24)}`;
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${formatNumberish(value)}`;
  return jsonTypeOf(value);
}

function formatNumberish(value: number | boolean): string {
  return typeof value === 'number' ? formatNumber(value) : String(value);
}

/** Numbers as people write them: no float noise, no "-0". */
export function formatNumber(value: number): string {
  if (Object.is(value, -0)) return '0';
  if (!Number.isFinite(value)) return String(value);
  return String(Number(value.toPrecision(12)));
}

/** `140 %`, `25 °C`, `12 V`; a bare number when there is no unit. */
export function withUnit(value: number, unit: string | undefined): string {
  return unit ? `${formatNumber(value)} ${unit}` : formatNumber(value);
}

/** `0–100 %`, or `-50 to 100 °C` where a dash next to a minus sign would be hard to read. */
export function formatRange(range: readonly [number, number], unit: string | undefined): string {
  const [min, max] = range;
  const joined = min < 0 ? `${formatNumber(min)} to ${formatNumber(max)}` : `${formatNumber(min)}–${formatNumber(max)}`;
  return unit ? `${joined} ${unit}` : joined;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A rounded, human duration: "45 seconds", "12 minutes", "9 days". */
export function formatDuration(ms: number): string {
  const abs = Math.abs(ms);
  if (abs >= 2 * DAY) return plural(abs / DAY, 'day');
  if (abs >= 2 * HOUR) return plural(abs / HOUR, 'hour');
  if (abs >= 2 * MINUTE) return plural(abs / MINUTE, 'minute');
  return plural(abs / 1000, 'second');
}

function plural(amount: number, unit: string): string {
  const rounded = Math.round(amount);
  return `${rounded} ${unit}${rounded === 1 ? '' : 's'}`;
}

/** ISO 8601 for a timestamp that a Date can hold, otherwise nothing. */
export function isoOrUndefined(epochMs: number): string | undefined {
  const date = new Date(epochMs);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
