import { describe, expect, it } from 'vitest';
import {
  calculateIntervalMs,
  expandInfluxQl,
  expandPromQl,
  expandSql,
  formatInterval,
  panelRange,
  resolveRelativeTime,
  type VariableState,
} from './support/macros.js';

const HOUR = 3_600_000;
const range = { from: 1_700_000_000_000, to: 1_700_000_000_000 + 6 * HOUR };

function variable(name: string, values: string[], extra: Partial<VariableState> = {}): VariableState {
  return { name, values, multi: false, includeAll: false, isAll: false, ...extra };
}

describe('intervals (rangeutil.calculateInterval, gtime.FormatInterval)', () => {
  it('rounds range / resolution to Grafana\'s nice steps and keeps the low limit', () => {
    expect(calculateIntervalMs(range, 1000)).toBe(20_000); // 21.6 s → 20 s
    expect(calculateIntervalMs({ from: 0, to: 24 * HOUR }, 1000)).toBe(60_000); // 86.4 s → 1 m
    expect(calculateIntervalMs({ from: 0, to: 5 * 60_000 }, 1000, 5000)).toBe(5000); // 300 ms, floor 5 s
  });

  it('formats intervals as the largest whole unit', () => {
    expect(formatInterval(20_000)).toBe('20s');
    expect(formatInterval(90_000)).toBe('1m');
    expect(formatInterval(500)).toBe('500ms');
    expect(formatInterval(2 * 86_400_000)).toBe('2d');
  });

  it('resolves dashboard and panel times', () => {
    const now = Date.UTC(2026, 10, 23, 15, 30);
    expect(resolveRelativeTime('now-6h', now)).toBe(now - 6 * HOUR);
    expect(panelRange({ from: now - HOUR, to: now }, 'now/d')).toEqual({ from: Date.UTC(2026, 10, 23), to: now });
    expect(panelRange({ from: now - HOUR, to: now }, '24h')).toEqual({ from: now - 24 * HOUR, to: now });
  });
});

describe('InfluxQL', () => {
  const ctx = { range, intervalMs: 20_000 };

  it('expands the backend macros', () => {
    expect(expandInfluxQl('SELECT mean("value") FROM "co2" WHERE $timeFilter GROUP BY time($__interval) -- $__interval_ms', ctx)).toBe(
      `SELECT mean("value") FROM "co2" WHERE time >= ${range.from}ms and time <= ${range.to}ms GROUP BY time(20s) -- 20000`,
    );
  });

  it('formats multi-value variables as an escaped regex alternation', () => {
    const variables = { device: variable('device', ['temp-1', 'a.b'], { multi: true }) };
    expect(expandInfluxQl('"device" =~ /^$device$/ AND $timeFilter', { ...ctx, variables })).toContain('"device" =~ /^(temp-1|a\\.b)$/');
  });

  it('escapes a single value only where the query uses it inside a regex', () => {
    const variables = { site: variable('site', ['x.y']) };
    expect(expandInfluxQl(`"site" =~ /^$site$/`, { ...ctx, variables })).toBe('"site" =~ /^x\\.y$/');
    expect(expandInfluxQl(`"site" = '$site'`, { ...ctx, variables })).toBe(`"site" = 'x.y'`);
  });

  it('uses a custom "All" value verbatim, else every option', () => {
    const custom = { room: variable('room', ['room1', 'room2'], { includeAll: true, isAll: true, allValue: '.*' }) };
    expect(expandInfluxQl('"room" =~ /^$room$/', { ...ctx, variables: custom })).toBe('"room" =~ /^.*$/');
    const joined = { room: variable('room', ['room1', 'room2'], { includeAll: true, isAll: true }) };
    expect(expandInfluxQl('"room" =~ /^${room}$/', { ...ctx, variables: joined })).toBe('"room" =~ /^(room1|room2)$/');
  });

  it('refuses anything left unexpanded', () => {
    expect(() => expandInfluxQl('"device" =~ /^$devcie$/ AND $timeFilter', ctx)).toThrow(/unexpanded "\$devcie"/);
    expect(() => expandInfluxQl('GROUP BY time($__intervl)', ctx)).toThrow(/unexpanded/);
  });
});

describe('MySQL', () => {
  const from = range.from / 1000;
  const to = range.to / 1000;

  it('expands the time macros like pkg/tsdb/mysql/macros.go', () => {
    expect(expandSql('WHERE $__timeFilter(window_start)', { range, intervalMs: 20_000 })).toBe(
      `WHERE window_start BETWEEN FROM_UNIXTIME(${from}) AND FROM_UNIXTIME(${to})`,
    );
    expect(expandSql('SELECT $__timeGroupAlias(window_start, 1h)', { range, intervalMs: 20_000 })).toBe(
      'SELECT UNIX_TIMESTAMP(window_start) DIV 3600 * 3600 AS "time"',
    );
    expect(expandSql('SELECT $__timeGroupAlias(window_start, $__interval)', { range, intervalMs: 300_000 })).toBe(
      'SELECT UNIX_TIMESTAMP(window_start) DIV 300 * 300 AS "time"',
    );
    expect(expandSql('WHERE $__unixEpochFilter(ts) AND x < $__unixEpochTo()', { range, intervalMs: 1000 })).toBe(
      `WHERE ts >= ${from} AND ts <= ${to} AND x < ${to}`,
    );
  });

  it('quotes multi-value variables as SQL literals', () => {
    const variables = { device: variable('device', ["temp-1", "o'brien"], { multi: true }) };
    expect(expandSql('device IN ($device)', { range, intervalMs: 1000, variables })).toBe("device IN ('temp-1','o''brien')");
  });

  it('refuses unknown macros', () => {
    expect(() => expandSql('$__timeFilterr(x)', { range, intervalMs: 1000 })).toThrow(/unknown SQL macro/);
  });
});

describe('PromQL', () => {
  it('expands $__rate_interval as max($__interval + scrape, 4 × scrape) and $__range in seconds', () => {
    const q = expandPromQl('rate(x[$__rate_interval]) + increase(y[$__range]) + z[$__interval]', {
      range,
      intervalMs: 20_000,
      scrapeIntervalMs: 15_000,
    });
    expect(q).toBe('rate(x[1m0s]) + increase(y[21600s]) + z[20s]');
    expect(expandPromQl('rate(x[$__rate_interval])', { range, intervalMs: 60_000, scrapeIntervalMs: 15_000 })).toBe('rate(x[1m15s])');
  });

  it('formats multi-value and "All" variables for label matchers', () => {
    const variables = { instance: variable('instance', ['bridge:8080', 'b.2:8080'], { multi: true, includeAll: true }) };
    expect(expandPromQl('up{instance=~"$instance"}', { range, intervalMs: 1000, scrapeIntervalMs: 1000, variables })).toBe(
      'up{instance=~"(bridge:8080|b\\\\.2:8080)"}',
    );
    const all = { instance: variable('instance', ['a'], { multi: true, includeAll: true, isAll: true, allValue: '.*' }) };
    expect(expandPromQl('up{instance=~"$instance"}', { range, intervalMs: 1000, scrapeIntervalMs: 1000, variables: all })).toBe('up{instance=~".*"}');
  });
});
