/**
 * Grafana's query macros and template variables, expanded the way Grafana 12/13 does it, so the
 * tests can run the provisioned queries against real databases without a Grafana server.
 *
 * Sources (grafana/grafana):
 * - intervals: packages/grafana-data/src/datetime/rangeutil.ts (`calculateInterval`, `roundInterval`),
 *   the Go side's gtime.FormatInterval for the text form;
 * - InfluxQL: pkg/tsdb/influxdb/influxql models/query.go `Build` ($timeFilter, $interval, $__interval_ms,
 *   $__interval) and public/app/plugins/datasource/influxdb/datasource.ts `interpolateQueryExpr`;
 * - SQL: pkg/tsdb/sqleng (`Interpolate`) and pkg/tsdb/mysql/macros.go;
 * - PromQL: pkg/promlib/models/query.go (`$__rate_interval`, `$__range`, …) and the Prometheus
 *   datasource's `interpolateQueryExpr`.
 * Anything else that looks like a variable is an error: a typo must fail the test, not run as text.
 */

export interface TimeRange {
  /** Epoch milliseconds. */
  from: number;
  to: number;
}

/** The state of one dashboard variable. */
export interface VariableState {
  name: string;
  /** Selected values; for "All", every option. */
  values: string[];
  multi: boolean;
  includeAll: boolean;
  isAll: boolean;
  /** Custom "All" value (e.g. `.*`), used verbatim when "All" is selected. */
  allValue?: string;
}

export type Variables = Record<string, VariableState>;

// ---------------------------------------------------------------------------------------------
// Intervals

/** Grafana's table of "nice" intervals: a raw interval in ms maps to the value at its bracket. */
const ROUND_STEPS: Array<[below: number, use: number]> = [
  [10, 1],
  [15, 10],
  [35, 20],
  [75, 50],
  [150, 100],
  [350, 200],
  [750, 500],
  [1500, 1000],
  [3500, 2000],
  [7500, 5000],
  [12500, 10_000],
  [17500, 15_000],
  [25000, 20_000],
  [45000, 30_000],
  [90000, 60_000],
  [210000, 120_000],
  [450000, 300_000],
  [750000, 600_000],
  [1050000, 900_000],
  [1500000, 1_200_000],
  [2700000, 1_800_000],
  [5400000, 3_600_000],
  [9000000, 7_200_000],
  [16200000, 10_800_000],
  [32400000, 21_600_000],
  [86400000, 43_200_000],
  [604800000, 86_400_000],
  [1814400000, 604_800_000],
  [3628800000, 2_592_000_000],
];

export function roundInterval(ms: number): number {
  for (const [below, use] of ROUND_STEPS) if (ms < below) return use;
  return 31_536_000_000;
}

/** `rangeutil.calculateInterval`: range / resolution, rounded, never below the low limit. */
export function calculateIntervalMs(range: TimeRange, resolution: number, lowLimitMs = 1): number {
  return Math.max(roundInterval((range.to - range.from) / resolution), lowLimitMs);
}

/** gtime.FormatInterval: the largest whole unit (truncated), e.g. 90 s → `1m`. */
export function formatInterval(ms: number): string {
  const units: Array<[string, number]> = [
    ['y', 31_536_000_000],
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
    ['ms', 1],
  ];
  for (const [unit, size] of units) if (ms >= size) return `${Math.floor(ms / size)}${unit}`;
  return '1ms';
}

/** Parses `15s`, `5m`, `1h`, `2d`, `1w`, `500ms`. */
export function parseDurationMs(text: string): number {
  const match = /^(\d+)(ms|s|m|h|d|w)$/.exec(text.trim());
  if (!match) throw new Error(`not a duration: ${text}`);
  const size = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[match[2] as 'ms'];
  return Number(match[1]) * size;
}

/** A dashboard or panel time like `now-6h`, `now/d` or `now`, resolved against `now` (UTC). */
export function resolveRelativeTime(text: string, now: number): number {
  if (text === 'now') return now;
  if (text === 'now/d') return Math.floor(now / 86_400_000) * 86_400_000;
  const match = /^now-(\d+[smhdw])$/.exec(text);
  if (!match) throw new Error(`unsupported relative time: ${text}`);
  return now - parseDurationMs(match[1]!);
}

/** A panel's `timeFrom` override: `6h` means the last 6 hours, `now/d` today so far. */
export function panelRange(dashboardRange: TimeRange, timeFrom: string | undefined): TimeRange {
  if (!timeFrom) return dashboardRange;
  const to = dashboardRange.to;
  return { from: timeFrom.startsWith('now') ? resolveRelativeTime(timeFrom, to) : to - parseDurationMs(timeFrom), to };
}

// ---------------------------------------------------------------------------------------------
// Template variables (frontend)

/** @grafana/data escapeRegex. */
export function escapeRegex(value: string): string {
  return value.replace(/[\\^$*+?.()|[\]{}/]/g, '\\$&');
}

type Formatter = (value: string | string[], variable: VariableState, query: string) => string;

/** `$name`, `${name}`, `${name:format}`, `[[name]]`; built-in `$__…` names are left alone. */
const VARIABLE_PATTERN = /\$(\w+)|\$\{(\w+)(?::(\w+))?\}|\[\[(\w+)\]\]/g;

function replaceVariables(query: string, variables: Variables, formatter: Formatter): string {
  return query.replace(VARIABLE_PATTERN, (whole, plain?: string, braced?: string, format?: string, bracketed?: string) => {
    const name = plain ?? braced ?? bracketed ?? '';
    if (name.startsWith('__')) return whole;
    const variable = variables[name];
    if (!variable) return whole;
    if (format !== undefined && format !== 'raw' && format !== 'regex') throw new Error(`variable format ${format} not supported: ${whole}`);
    if (variable.isAll && variable.allValue !== undefined) return variable.allValue;
    const value = variable.multi || variable.isAll ? variable.values : variable.values[0] ?? '';
    if (format === 'raw') return Array.isArray(value) ? value.join(',') : value;
    return formatter(value, variable, query);
  });
}

/** InfluxDB datasource `interpolateQueryExpr`. */
const influxFormatter: Formatter = (value, variable, query) => {
  if (typeof value === 'string' && !Number.isNaN(Number.parseFloat(value))) return value;
  if (variable.multi || variable.isAll) {
    return typeof value === 'string' ? escapeRegex(value) : `(${value.map(escapeRegex).join('|')})`;
  }
  // Single value: escaped only when the query uses the variable inside a /regex/.
  const insideRegex = new RegExp(`\\/(?:\\^)?(.*)(\\$${variable.name})(.*)(?:\\$)?\\/`, 'gm');
  if (!insideRegex.test(query)) return value as string;
  return typeof value === 'string' ? escapeRegex(value) : `(${value.map(escapeRegex).join('|')})`;
};

/** SQL datasources: multi-value and "All" become quoted, comma-separated literals. */
const sqlFormatter: Formatter = (value, variable) => {
  const quote = (v: string) => `'${v.replace(/'/g, "''")}'`;
  if (Array.isArray(value)) return value.map(quote).join(',');
  return variable.multi || variable.includeAll ? quote(value) : value.replace(/'/g, "''");
};

/** Prometheus datasource `interpolateQueryExpr`. */
const promFormatter: Formatter = (value, variable) => {
  const regular = (v: string) => v.replace(/\\/g, '\\\\').replace(/'/g, "\\\\'");
  const special = (v: string) => v.replace(/\\/g, '\\\\\\\\').replace(/[$^*{}[\]'+?.()|]/g, '\\\\$&');
  if (!variable.multi && !variable.includeAll) return typeof value === 'string' ? regular(value) : value.map(regular).join(',');
  if (typeof value === 'string') return special(value);
  const escaped = value.map(special);
  return escaped.length === 1 ? escaped[0]! : `(${escaped.join('|')})`;
};

/** Fails on anything left that Grafana would have replaced, so a typo cannot pass silently. */
function assertExpanded(query: string): string {
  const leftover = /\$\{?[A-Za-z_]\w*|\[\[\w+\]\]/.exec(query);
  if (leftover) throw new Error(`unexpanded "${leftover[0]}" in: ${query}`);
  return query;
}

// ---------------------------------------------------------------------------------------------
// Datasources

export interface QueryContext {
  range: TimeRange;
  intervalMs: number;
  variables?: Variables;
}

/** InfluxQL as the InfluxDB backend sends it: variables first (browser), then the backend macros. */
export function expandInfluxQl(query: string, ctx: QueryContext): string {
  let q = replaceVariables(query, ctx.variables ?? {}, influxFormatter);
  const interval = formatInterval(ctx.intervalMs);
  q = q.replaceAll('$timeFilter', `time >= ${Math.floor(ctx.range.from)}ms and time <= ${Math.floor(ctx.range.to)}ms`);
  q = q.replaceAll('$interval', interval);
  q = q.replaceAll('$__interval_ms', String(Math.floor(ctx.intervalMs)));
  q = q.replaceAll('$__interval', interval);
  return assertExpanded(q);
}

/** A variable query (SHOW TAG VALUES …): variables only, no time macros. */
export function expandInfluxVariableQuery(query: string, variables: Variables): string {
  return assertExpanded(replaceVariables(query, variables, influxFormatter));
}

const SQL_MACRO = /\$(__\w+)\(([^)]*)\)/g;

/** MySQL datasource: variables, then sqleng.Interpolate, then the MySQL macro engine. */
export function expandSql(sql: string, ctx: QueryContext): string {
  const from = Math.floor(ctx.range.from / 1000);
  const to = Math.floor(ctx.range.to / 1000);
  let q = replaceVariables(sql, ctx.variables ?? {}, sqlFormatter);
  q = q.replaceAll('$__interval_ms', String(Math.floor(ctx.intervalMs)));
  q = q.replaceAll('$__interval', formatInterval(ctx.intervalMs));
  q = q.replaceAll('$__unixEpochFrom()', String(from));
  q = q.replaceAll('$__unixEpochTo()', String(to));
  q = q.replace(SQL_MACRO, (_whole, name: string, rawArgs: string) => mysqlMacro(name, rawArgs.split(',').map((a) => a.trim()), from, to));
  return assertExpanded(q);
}

function mysqlMacro(name: string, args: string[], from: number, to: number): string {
  const column = args[0] ?? '';
  const seconds = () => parseDurationMs((args[1] ?? '').replace(/^['"]|['"]$/g, '')) / 1000;
  switch (name) {
    case '__time':
    case '__timeEpoch':
      return `UNIX_TIMESTAMP(${column}) as time_sec`;
    case '__timeFilter':
      return `${column} BETWEEN FROM_UNIXTIME(${from}) AND FROM_UNIXTIME(${to})`;
    case '__timeFrom':
      return `FROM_UNIXTIME(${from})`;
    case '__timeTo':
      return `FROM_UNIXTIME(${to})`;
    case '__timeGroup':
      return `UNIX_TIMESTAMP(${column}) DIV ${seconds()} * ${seconds()}`;
    case '__timeGroupAlias':
      return `UNIX_TIMESTAMP(${column}) DIV ${seconds()} * ${seconds()} AS "time"`;
    case '__unixEpochFilter':
      return `${column} >= ${from} AND ${column} <= ${to}`;
    case '__unixEpochGroup':
      return `${column} DIV ${seconds()} * ${seconds()}`;
    case '__unixEpochGroupAlias':
      return `${column} DIV ${seconds()} * ${seconds()} AS "time"`;
    default:
      throw new Error(`unknown SQL macro $${name}()`);
  }
}

export interface PromContext extends QueryContext {
  /** The datasource's scrape interval (`timeInterval`), the floor of $__interval. */
  scrapeIntervalMs: number;
}

/** Step of a range query and the value of $__interval: never finer than the scrape interval. */
export function promIntervalMs(range: TimeRange, resolution: number, scrapeIntervalMs: number): number {
  return calculateIntervalMs(range, resolution, scrapeIntervalMs);
}

/** Go's time.Duration.String() for whole milliseconds, e.g. `1m4s`, as Grafana writes $__rate_interval. */
function goDuration(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = (ms % 60_000) / 1000;
  return `${h ? `${h}h` : ''}${h || m ? `${m}m` : ''}${s}s`;
}

export function expandPromQl(expr: string, ctx: PromContext): string {
  const rangeMs = ctx.range.to - ctx.range.from;
  const rangeS = Math.round(rangeMs / 1000);
  const rateIntervalMs = Math.max(ctx.intervalMs + ctx.scrapeIntervalMs, 4 * ctx.scrapeIntervalMs);
  let q = replaceVariables(expr, ctx.variables ?? {}, promFormatter);
  q = q.replaceAll('$__interval_ms', String(ctx.intervalMs));
  q = q.replaceAll('$__interval', formatInterval(ctx.intervalMs));
  q = q.replaceAll('$__range_ms', String(rangeMs));
  q = q.replaceAll('$__range_s', String(rangeS));
  q = q.replaceAll('$__range', `${rangeS}s`);
  q = q.replaceAll('$__rate_interval_ms', String(rateIntervalMs));
  q = q.replaceAll('$__rate_interval', goDuration(rateIntervalMs));
  return assertExpanded(q);
}

/** A Prometheus variable query (`label_values(...)`): variables only. */
export function expandPromVariableQuery(query: string, variables: Variables): string {
  return assertExpanded(replaceVariables(query, variables, promFormatter));
}
