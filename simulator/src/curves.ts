/** Daily shapes shared by the value models. Hours are local (UTC plus a fixed offset). */

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

export const SUNRISE_HOUR = 6;
export const SUNSET_HOUR = 20;
/** The panels' useful day is shorter than the sky's: low sun gives no power. */
export const SOLAR_START_HOUR = 6;
export const SOLAR_END_HOUR = 18;

/** Local hour of day in [0, 24). */
export function localHour(ts: number, utcOffsetMinutes: number): number {
  const local = ts + utcOffsetMinutes * MINUTE_MS;
  return (((local % DAY_MS) + DAY_MS) % DAY_MS) / HOUR_MS;
}

/** Monday to Friday, local time. */
export function isWorkday(ts: number, utcOffsetMinutes: number): boolean {
  const day = new Date(ts + utcOffsetMinutes * MINUTE_MS).getUTCDay();
  return day >= 1 && day <= 5;
}

/** Share of a room's people present: office hours on workdays, a lunch dip, empty otherwise. */
export function occupancy(ts: number, utcOffsetMinutes: number): number {
  if (!isWorkday(ts, utcOffsetMinutes)) return 0;
  const hour = localHour(ts, utcOffsetMinutes);
  if (hour < 8 || hour >= 18) return 0;
  if (hour < 9) return hour - 8;
  if (hour >= 12 && hour < 13) return 0.5;
  if (hour >= 17) return 18 - hour;
  return 1;
}

/** Daylight through the windows, 0 at night, 1 at midday. */
export function daylight(hour: number): number {
  if (hour <= SUNRISE_HOUR || hour >= SUNSET_HOUR) return 0;
  return Math.sin((Math.PI * (hour - SUNRISE_HOUR)) / (SUNSET_HOUR - SUNRISE_HOUR));
}

const SOLAR_WIDTH_HOURS = 2.2;
const SOLAR_NOON = (SOLAR_START_HOUR + SOLAR_END_HOUR) / 2;

/** A bell curve peaking at noon (1) that reaches exactly 0 at the ends of the solar day. */
export function solarBell(hour: number): number {
  if (hour <= SOLAR_START_HOUR || hour >= SOLAR_END_HOUR) return 0;
  const gauss = (h: number) => Math.exp(-((h - SOLAR_NOON) ** 2) / (2 * SOLAR_WIDTH_HOURS ** 2));
  const edge = gauss(SOLAR_START_HOUR);
  return Math.max(0, (gauss(hour) - edge) / (1 - edge));
}

/** The slow daily swing of indoor temperature: -1 around 03:00, +1 around 15:00. */
export function dailySwing(hour: number): number {
  return Math.sin((2 * Math.PI * (hour - 9)) / 24);
}
