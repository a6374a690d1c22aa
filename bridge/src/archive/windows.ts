/** Window arithmetic on epoch milliseconds. Windows are aligned to the Unix epoch, so 1 d windows start at 00:00 UTC. */

export const SECOND_MS = 1000;
export const MINUTE_MS = 60 * SECOND_MS;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;
export const YEAR_MS = 365 * DAY_MS;

const UNIT_MS: Readonly<Record<string, number>> = { s: SECOND_MS, m: MINUTE_MS, h: HOUR_MS, d: DAY_MS, w: 7 * DAY_MS, y: YEAR_MS };

export function floorTo(ts: number, stepMs: number): number {
  return Math.floor(ts / stepMs) * stepMs;
}

export function ceilTo(ts: number, stepMs: number): number {
  return Math.ceil(ts / stepMs) * stepMs;
}

/** `5m` → 300000. `units` limits the accepted unit letters. Undefined for anything else. */
export function parseDuration(text: string, units = 'smhdwy'): number | undefined {
  const match = /^(\d{1,9})([a-z])$/.exec(text.trim());
  if (!match || !units.includes(match[2]!)) return undefined;
  const ms = Number(match[1]) * UNIT_MS[match[2]!]!;
  return ms > 0 ? ms : undefined;
}

/** The shortest spelling: 300000 → `5m`, 3600000 → `1h`, 90000 → `90s`. */
export function formatDuration(ms: number): string {
  for (const unit of ['d', 'h', 'm', 's'] as const) {
    const size = UNIT_MS[unit]!;
    if (ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}
