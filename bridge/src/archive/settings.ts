import { Secret } from '../model/secret.js';
import { isIdentifier } from '../pipeline/identifiers.js';
import { isTimeZone, parseShiftStarts } from './calendar.js';
import { DAY_MS, SECOND_MS, formatDuration, parseDuration } from './windows.js';

/** One rollup tier: its window length and how long its rows are kept (null: forever). */
export interface ArchiveTier {
  /** Canonical label stored in the `tier` column, e.g. `5m`. */
  readonly label: string;
  readonly ms: number;
  readonly retentionMs: number | null;
}

export interface MysqlSettings {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: Secret;
  readonly database: string;
  /** TLS to the server: `?ssl=true`, or a CA file given (MYSQL_CA_FILE). */
  readonly ssl: boolean;
  /** PEM of the CA that signed the server certificate; undefined trusts the system CAs. */
  readonly ca: string | undefined;
}

/** The archive's configuration (`BridgeConfig['archive']`). */
export interface ArchiveConfig {
  /** Null when MYSQL_URL is empty: the archive is off. */
  readonly mysql: MysqlSettings | null;
  /** Shortest first; each one a multiple of the one before. The first is computed from InfluxDB, the others from it. */
  readonly tiers: readonly ArchiveTier[];
  readonly graceMs: number;
  readonly intervalMs: number;
  /** Longest gap between two power readings that energy is integrated across. */
  readonly maxGapMs: number;
  /** IANA time zone of sites without one of their own. */
  readonly timeZone: string;
  readonly siteTimeZones: ReadonlyMap<string, string>;
  /** Shift starts, minutes after local midnight, ascending. */
  readonly shiftStarts: readonly number[];
  readonly standbyWatts: number;
  readonly excludeSuspect: boolean;
}

/** The raw (already type-checked) ARCHIVE_* and MYSQL_URL values. */
export interface ArchiveVariables {
  mysqlUrl: unknown;
  /** Contents of MYSQL_CA_FILE, already read. */
  mysqlCa: string | undefined;
  tiers: unknown;
  retention: unknown;
  /** True when ARCHIVE_RETENTION is the default, which may name tiers the operator removed. */
  retentionIsDefault: boolean;
  graceSeconds: unknown;
  intervalSeconds: unknown;
  maxGapSeconds: unknown;
  timeZone: unknown;
  siteTimeZones: unknown;
  shifts: unknown;
  standbyWatts: unknown;
  excludeSuspect: unknown;
}

const DATABASE_NAME = /^[A-Za-z0-9_]{1,64}$/;
const MAX_TIERS = 6;

/** Semantic checks and parsing in one place; `config` is set only when there is no problem. */
export function readArchiveSettings(v: ArchiveVariables): { config?: ArchiveConfig; problems: string[] } {
  const problems: string[] = [];
  const mysql = typeof v.mysqlUrl === 'string' ? parseMysqlUrl(v.mysqlUrl, v.mysqlCa, problems) : undefined;
  const tierLengths = typeof v.tiers === 'string' ? parseTiers(v.tiers, problems) : undefined;
  const retention =
    tierLengths && typeof v.retention === 'string' ? parseRetention(v.retention, tierLengths, v.retentionIsDefault, problems) : undefined;
  const timeZone = String(v.timeZone);
  if (!isTimeZone(timeZone)) problems.push(`ARCHIVE_TIME_ZONE: ${JSON.stringify(timeZone)} is not an IANA time zone such as UTC or Europe/Berlin`);
  const siteTimeZones = parseSiteTimeZones(String(v.siteTimeZones), problems);
  const shiftStarts = tierLengths ? parseShiftStarts(String(v.shifts), tierLengths[0]!, problems) : [];
  if (problems.length > 0 || mysql === undefined || !tierLengths || !retention) return { problems };
  const tiers = tierLengths.map((ms) => ({ label: formatDuration(ms), ms, retentionMs: retention.get(ms) ?? null }));
  return {
    problems,
    config: {
      mysql,
      tiers,
      graceMs: Number(v.graceSeconds) * SECOND_MS,
      intervalMs: Number(v.intervalSeconds) * SECOND_MS,
      maxGapMs: Number(v.maxGapSeconds) * SECOND_MS,
      timeZone,
      siteTimeZones,
      shiftStarts,
      standbyWatts: Number(v.standbyWatts),
      excludeSuspect: v.excludeSuspect === true,
    },
  };
}

/** `dhaka=Asia/Dhaka,berlin=Europe/Berlin` → zone per site. */
function parseSiteTimeZones(text: string, problems: string[]): Map<string, string> {
  const zones = new Map<string, string>();
  for (const entry of text.split(',').map((e) => e.trim()).filter((e) => e !== '')) {
    const [site = '', zone = ''] = entry.split('=').map((s) => s.trim());
    if (!isIdentifier(site) || zone === '') problems.push(`ARCHIVE_SITE_TIME_ZONES entry "${entry}" is not SITE=ZONE (e.g. dhaka=Asia/Dhaka)`);
    else if (!isTimeZone(zone)) problems.push(`ARCHIVE_SITE_TIME_ZONES: ${JSON.stringify(zone)} (site ${site}) is not an IANA time zone`);
    else if (zones.has(site)) problems.push(`ARCHIVE_SITE_TIME_ZONES names site ${site} twice`);
    else zones.set(site, zone);
  }
  return zones;
}

/** `mysql://user:password@host:3306/database[?ssl=true]`; empty → null (archive off). The scheme is checked by the variable's schema (config/variables.ts). */
function parseMysqlUrl(text: string, ca: string | undefined, problems: string[]): MysqlSettings | null | undefined {
  if (text === '') {
    if (ca !== undefined) problems.push('MYSQL_CA_FILE is set but MYSQL_URL is empty (the archive is off)');
    return null;
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    problems.push('MYSQL_URL is not a valid URL (expected mysql://user:password@host:3306/database)');
    return undefined;
  }
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  const unknownOptions = [...url.searchParams.keys()].filter((key) => key !== 'ssl');
  const ssl = url.searchParams.get('ssl');
  if (!url.hostname) problems.push('MYSQL_URL names no host');
  if (!url.username) problems.push('MYSQL_URL names no user (mysql://user:password@host/database)');
  if (!DATABASE_NAME.test(database)) problems.push('MYSQL_URL must name a database of letters, digits and _ (mysql://…/database)');
  if (unknownOptions.length > 0) problems.push(`MYSQL_URL has unknown options: ${unknownOptions.join(', ')} (only ssl=true|false)`);
  if (ssl !== null && ssl !== 'true' && ssl !== 'false') problems.push('MYSQL_URL option ssl must be true or false');
  if (ssl === 'false' && ca !== undefined) problems.push('MYSQL_URL says ssl=false but MYSQL_CA_FILE is set');
  return {
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port ? Number(url.port) : 3306,
    user: decodeURIComponent(url.username),
    password: new Secret(decodeURIComponent(url.password)),
    database,
    ssl: ssl === 'true' || ca !== undefined,
    ca,
  };
}

/** `5m,1h,1d` → lengths in ms, shortest first; each must divide the next and a day. */
function parseTiers(text: string, problems: string[]): number[] | undefined {
  const parts = text.split(',').map((part) => part.trim()).filter((part) => part.length > 0);
  const lengths = parts.map((part) => parseDuration(part, 'smhd'));
  const bad = parts.filter((_, i) => lengths[i] === undefined);
  if (parts.length === 0 || bad.length > 0) {
    problems.push(`ARCHIVE_TIERS must list window lengths such as 5m,1h,1d (units s, m, h, d)${bad.length ? `; not understood: ${bad.join(', ')}` : ''}`);
    return undefined;
  }
  const ms = lengths as number[];
  const before = problems.length;
  if (ms.length > MAX_TIERS) problems.push(`ARCHIVE_TIERS lists ${ms.length} tiers; at most ${MAX_TIERS}`);
  for (const [i, length] of ms.entries()) {
    if (DAY_MS % length !== 0) problems.push(`ARCHIVE_TIERS: ${parts[i]} does not divide a day evenly, so its windows would not line up with days`);
    const previous = ms[i - 1];
    if (previous !== undefined && (length <= previous || length % previous !== 0)) {
      problems.push(`ARCHIVE_TIERS: ${parts[i]} must be longer than ${parts[i - 1]} and a multiple of it (each tier is built from the one before)`);
    }
  }
  return problems.length === before ? ms : undefined;
}

/** `5m=180d,1h=5y,1d=forever` → retention per tier length; tiers not named are kept forever. */
function parseRetention(text: string, tiers: number[], isDefault: boolean, problems: string[]): Map<number, number> | undefined {
  const retention = new Map<number, number>();
  const before = problems.length;
  for (const entry of text.split(',').map((e) => e.trim()).filter((e) => e.length > 0)) {
    const [name = '', keep = ''] = entry.split('=').map((s) => s.trim());
    const tier = parseDuration(name, 'smhd');
    const keepMs = keep === 'forever' ? null : parseDuration(keep);
    if (tier === undefined || keepMs === undefined) {
      problems.push(`ARCHIVE_RETENTION entry "${entry}" is not TIER=DURATION (e.g. 5m=180d, 1h=5y, 1d=forever)`);
    } else if (!tiers.includes(tier)) {
      if (!isDefault) problems.push(`ARCHIVE_RETENTION names ${name}, which is not in ARCHIVE_TIERS`);
    } else if (keepMs !== null) {
      retention.set(tier, keepMs);
    }
  }
  for (const [i, tier] of tiers.entries()) {
    const keep = retention.get(tier);
    // A tier is built from the rows of the one below: those must outlive the longer window.
    const needed = 2 * (tiers[i + 1] ?? tier);
    if (keep !== undefined && keep < needed) {
      problems.push(`ARCHIVE_RETENTION keeps ${formatDuration(tier)} rows for ${formatDuration(keep)}; at least ${formatDuration(needed)} is needed`);
    }
  }
  return problems.length === before ? retention : undefined;
}
