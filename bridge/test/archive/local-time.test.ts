import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Archive } from '../../src/archive/index.js';
import {
  counterSteps,
  energyCurve,
  familyData,
  lineOf,
  localClock,
  localDays,
  runtimeSeconds,
  shiftOf,
  type FamilyData,
  type Obs,
} from './support/local-time.js';
import { createInfluxDatabase } from './support/points.js';
import { ArchiveServers, sql } from './support/servers.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const MAX_GAP = 15 * MINUTE;
const STANDBY_W = 5;
const DB = 'localtime';
const ZONES = { berlin: 'Europe/Berlin', sydney: 'Australia/Sydney' } as const;

/** The owners' tariff: 8.0 per kWh, 12.0 from 18:00 to 23:00 local; Berlin's rate becomes 9.5 from its local 28 October. */
const BASE_TARIFF = { site: '*', effectiveFrom: '2026-01-01T00:00:00Z', currency: 'BDT', rate: 8, peak: { rate: 12, start: '18:00', end: '23:00' } };
const BERLIN_CHANGE = Date.UTC(2026, 9, 27, 23); // 2026-10-28 00:00 in Berlin (CET)
const BERLIN_TARIFF = { site: 'berlin', effectiveFrom: new Date(BERLIN_CHANGE).toISOString(), currency: 'BDT', rate: 9.5 };

function rateAt(site: string, ts: number): number {
  if (site === 'berlin' && ts >= BERLIN_CHANGE) return 9.5;
  const { minute } = localClock(ts, ZONES[site as keyof typeof ZONES]);
  return minute >= 18 * 60 && minute < 23 * 60 ? 12 : 8;
}

/** Cost of [from, to) minute by minute, each minute's energy at that minute's rate. */
function costOf(site: string, energy: (t: number) => number, from: number, to: number): number {
  let cost = 0;
  for (let t = from; t < to; t += MINUTE) cost += ((energy(t + MINUTE) - energy(t)) / 1000) * rateAt(site, t);
  return cost;
}

interface PeriodRowSql {
  period: string;
  site: string;
  device: string;
  field: string;
  period_start: Date;
  period_end: Date;
  local_date: Date;
  shift: number;
  time_zone: string;
  sample_count: number;
  suspect_count: number;
  value_max: number | null;
  peak_at: Date | null;
  energy_wh: number | null;
  runtime_seconds: number | null;
  cost: number | null;
  currency: string | null;
  counter_increase: number | null;
  is_final: number;
}

const dateOf = (d: Date) => d.toISOString().slice(0, 10);
const closeTo = (actual: number | null, expected: number, relative: number, absolute: number) =>
  actual !== null && Math.abs(actual - expected) <= Math.max(absolute, relative * Math.abs(expected));

describe('local days, weeks, months and shifts, with tariffs, across daylight-saving changes', () => {
  let servers: ArchiveServers;
  let mysqlUrl: string;
  let archive: Archive;
  let app: FastifyInstance;
  let berlin: FamilyData;
  let sydney: FamilyData;
  const berlinFrom = Date.UTC(2026, 9, 18, 22); // Monday 2026-10-19 00:00 CEST
  const berlinTo = Date.UTC(2026, 10, 2, 23); // 2026-11-03 00:00 CET
  const sydneyFrom = Date.UTC(2026, 9, 2, 14); // 2026-10-03 00:00 AEST
  const sydneyTo = Date.UTC(2026, 9, 5, 13); // 2026-10-06 00:00 AEDT

  beforeAll(async () => {
    servers = await ArchiveServers.start('local-time');
    mysqlUrl = await servers.newDatabase();
    await createInfluxDatabase(servers.influx.url, DB);
    ({ archive } = servers.archive({
      MYSQL_URL: mysqlUrl,
      INFLUX_BUCKET: DB,
      ARCHIVE_MAX_GAP_SECONDS: String(MAX_GAP / 1000),
      ARCHIVE_SITE_TIME_ZONES: Object.entries(ZONES).map(([site, zone]) => `${site}=${zone}`).join(','),
      ARCHIVE_SHIFTS: '06:00,14:00,22:00',
      ARCHIVE_STANDBY_WATTS: String(STANDBY_W),
    }));
    // A first run on an empty InfluxDB migrates the schema and fixes no starting point.
    await archive.runOnce();
    app = Fastify();
    await app.register(archive.routes);
    // Tariffs in the past go in by SQL: the API only takes rates for windows that may still change.
    for (const t of [BASE_TARIFF, BERLIN_TARIFF] as Array<typeof BASE_TARIFF | (typeof BERLIN_TARIFF & { peak?: undefined })>) {
      await sql(
        mysqlUrl,
        'INSERT INTO archive_tariff (site, effective_from, currency, rate, peak_rate, peak_start, peak_end, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, UTC_TIMESTAMP(3))',
        [t.site, new Date(t.effectiveFrom), t.currency, t.rate, t.peak?.rate ?? null, t.peak?.start ?? null, t.peak?.end ?? null],
      );
    }
    berlin = familyData({
      site: 'berlin', zone: ZONES.berlin, from: berlinFrom, to: berlinTo, seed: 11,
      plug: { device: 'plug-1', ports: 2, stepMs: 90_000 },
      machine: { id: 'machine-1', stepMs: 60_000 },
      // 40 minutes without readings on port 2: longer than the gap limit, so no energy and no runtime.
      silences: { 2: [[Date.UTC(2026, 9, 21, 10), Date.UTC(2026, 9, 21, 10, 40)]] },
    });
    sydney = familyData({ site: 'sydney', zone: ZONES.sydney, from: sydneyFrom, to: sydneyTo, seed: 12, plug: { device: 'plug-9', ports: 1, stepMs: 120_000 } });
    const lines = [...berlin.points, ...sydney.points].map(lineOf);
    for (let i = 0; i < lines.length; i += 5000) {
      const response = await fetch(`${servers.influx.url}/write?db=${DB}&precision=ms`, { method: 'POST', body: lines.slice(i, i + 5000).join('\n') });
      expect(response.status).toBe(204);
    }
    await archive.runOnce();
  }, 300_000);
  afterAll(async () => {
    await app?.close();
    await servers?.stop();
  });

  const periods = (period: string, site: string) =>
    sql<PeriodRowSql>(mysqlUrl, 'SELECT * FROM archive_period WHERE period = ? AND site = ? ORDER BY device, field, period_start', [period, site]);

  it('makes each local day of a plug port equal to the raw points: energy, cost at the rate of each moment, runtime, peak, suspect readings', { timeout: 120_000 }, async () => {
    for (const [site, data, from, to] of [['berlin', berlin, berlinFrom, berlinTo], ['sydney', sydney, sydneyFrom, sydneyTo]] as const) {
      const days = new Map([...localDays(ZONES[site], from, to)].filter(([, [start, end]]) => start >= from && end <= to));
      const stored = (await periods('day', site)).filter((row) => row.field === 'power');
      const mismatches: string[] = [];
      let compared = 0;
      for (const [series, obs] of data.ports) {
        const device = series.split('/')[1]!;
        const energy = energyCurve(obs, MAX_GAP);
        for (const [date, [start, end]] of days) {
          const row = stored.find((r) => r.device === device && dateOf(r.local_date) === date);
          const inside = obs.filter((o) => o.ts >= start && o.ts < end);
          if (!row) {
            mismatches.push(`${device} ${date}: no row`);
            continue;
          }
          compared++;
          const peak = inside.reduce<Obs | undefined>((best, o) => (best === undefined || o.v > best.v ? o : best), undefined);
          const expected = {
            start, end, count: inside.length, suspect: inside.filter((o) => o.suspect).length,
            energy: energy(end) - energy(start), cost: costOf(site, energy, start, end),
            runtime: runtimeSeconds(obs, MAX_GAP, STANDBY_W, start, end), peak: peak?.v ?? null, peakAt: peak?.ts ?? null,
          };
          const problems = [
            row.period_start.getTime() === start && row.period_end.getTime() === end ? '' : `bounds ${row.period_start.toISOString()}–${row.period_end.toISOString()}`,
            row.sample_count === expected.count ? '' : `count ${row.sample_count} ≠ ${expected.count}`,
            row.suspect_count === expected.suspect ? '' : `suspect ${row.suspect_count} ≠ ${expected.suspect}`,
            closeTo(row.energy_wh, expected.energy, 1e-3, 1e-6) ? '' : `energy ${row.energy_wh} ≠ ${expected.energy}`,
            closeTo(row.cost, expected.cost, 0, 0.005) ? '' : `cost ${row.cost} ≠ ${expected.cost}`,
            closeTo(row.runtime_seconds, expected.runtime, 1e-3, 5) ? '' : `runtime ${row.runtime_seconds} ≠ ${expected.runtime}`,
            row.value_max === expected.peak && (row.peak_at?.getTime() ?? null) === expected.peakAt ? '' : `peak ${row.value_max}@${row.peak_at?.toISOString()}`,
            row.currency === 'BDT' && row.time_zone === ZONES[site] && row.is_final === 1 ? '' : `currency ${row.currency}, zone ${row.time_zone}, final ${row.is_final}`,
          ].filter(Boolean);
          if (problems.length > 0) mismatches.push(`${device} ${date}: ${problems.join(', ')}`);
        }
      }
      expect({ site, mismatches: mismatches.slice(0, 8), total: mismatches.length }).toEqual({ site, mismatches: [], total: 0 });
      expect(compared).toBeGreaterThan(0);
    }
    // The daylight-saving days themselves: Berlin's 25-hour 25 October, Sydney's 23-hour 4 October.
    const length = async (site: string, date: string) => {
      const [row] = await sql<{ hours: number }>(mysqlUrl, "SELECT TIMESTAMPDIFF(HOUR, period_start, period_end) AS hours FROM archive_period WHERE period = 'day' AND site = ? AND local_date = ? LIMIT 1", [site, date]);
      return row?.hours;
    };
    expect(await length('berlin', '2026-10-25')).toBe(25);
    expect(await length('sydney', '2026-10-04')).toBe(23);
  });

  it('adds days up to ISO weeks and months, and prices each day of the month at its own rate', { timeout: 120_000 }, async () => {
    const days = await periods('day', 'berlin');
    for (const period of ['week', 'month'] as const) {
      const rows = (await periods(period, 'berlin')).filter((r) => r.field === 'power');
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) {
        const inside = days.filter((d) => d.device === row.device && d.field === 'power' && d.period_start >= row.period_start && d.period_end <= row.period_end);
        const [obs] = [...berlin.ports.entries()].filter(([k]) => k.endsWith(`/${row.device}`)).map(([, o]) => o);
        const energy = energyCurve(obs!, MAX_GAP);
        expect(closeTo(row.energy_wh, energy(row.period_end.getTime()) - energy(row.period_start.getTime()), 1e-3, 1e-6), `${period} ${dateOf(row.local_date)} ${row.device}`).toBe(true);
        expect(closeTo(row.cost, inside.reduce((sum, d) => sum + d.cost!, 0), 0, 0.005)).toBe(true);
        if (period === 'week') expect(new Date(`${dateOf(row.local_date)}T12:00:00Z`).getUTCDay()).toBe(1);
      }
    }
    // Port 1 of plug-1 the day before and the day after the change of rate, off-peak hours only: 8.0, then 9.5 a kWh.
    const [obs] = [...berlin.ports.values()];
    const energy = energyCurve(obs!, MAX_GAP);
    const rowOn = async (date: string) => (await sql<{ cost: number }>(mysqlUrl, "SELECT cost FROM daily_consumption WHERE site = 'berlin' AND device_id = 'plug-1' AND port = 1 AND `date` = ?", [date]))[0]!.cost;
    const dayBounds = localDays(ZONES.berlin, berlinFrom, berlinTo);
    const [after0, after1] = dayBounds.get('2026-10-28')!;
    expect(await rowOn('2026-10-28')).toBeCloseTo(((energy(after1) - energy(after0)) / 1000) * 9.5, 2);
    expect(await rowOn('2026-10-27')).not.toBeCloseTo(((energy(dayBounds.get('2026-10-27')![1]) - energy(dayBounds.get('2026-10-27')![0])) / 1000) * 9.5, 2);
  });

  it('counts production and defects per local shift across the resets, 9 hours for the night the clocks go back', { timeout: 120_000 }, async () => {
    const rows = await periods('shift', 'berlin');
    // Shifts are kept for counters only.
    expect(new Set(rows.map((r) => r.field))).toEqual(new Set(['cumulative_production', 'cumulative_defects']));
    for (const field of ['cumulative_production', 'cumulative_defects']) {
      const expected = new Map<string, number>();
      for (const s of counterSteps(berlin.counters.get(`berlin/machine-1/${field}`)!)) expected.set(shiftOf(s.ts, ZONES.berlin), (expected.get(shiftOf(s.ts, ZONES.berlin)) ?? 0) + s.step);
      const stored = new Map(rows.filter((r) => r.field === field).map((r) => [`${dateOf(r.local_date)}#${r.shift}`, r.counter_increase]));
      expect(stored).toEqual(expected);
    }
    const night = rows.find((r) => dateOf(r.local_date) === '2026-10-24' && r.shift === 3)!;
    expect(night.period_end.getTime() - night.period_start.getTime()).toBe(9 * HOUR);

    const report = await sql<{ date: Date; shift: number; production: number; defects: number; defect_rate: number | null }>(
      mysqlUrl,
      "SELECT `date`, shift, production, defects, defect_rate FROM shift_production WHERE site = 'berlin' AND machine_id = 'machine-1' ORDER BY shift_start",
    );
    expect(report.length).toBe(rows.length / 2);
    for (const r of report) expect(r.defect_rate).toBeCloseTo(r.defects / r.production, 12);
    // The machine's totals per local day, from the steps of the readings in that day.
    const perDay = new Map<string, number>();
    for (const s of counterSteps(berlin.counters.get('berlin/machine-1/cumulative_production')!)) {
      const { date } = localClock(s.ts, ZONES.berlin);
      perDay.set(date, (perDay.get(date) ?? 0) + s.step);
    }
    const daily = await sql<{ date: Date; production: number }>(mysqlUrl, "SELECT `date`, production FROM daily_production WHERE site = 'berlin' AND machine_id = 'machine-1'");
    expect(new Map(daily.map((d) => [dateOf(d.date), d.production]))).toEqual(perDay);
  });

  it('answers the plug owners’ original queries and exports their CSV with the headers they expect', { timeout: 120_000 }, async () => {
    const rows = await sql<{ date: Date; port: number; energy_kwh: number; cost: number; runtime_minutes: number; peak_usage: number }>(
      mysqlUrl,
      'SELECT `date`, port, energy_kwh, cost, runtime_minutes, peak_usage FROM daily_consumption WHERE `date` BETWEEN ? AND ? ORDER BY `date`, port',
      ['2026-10-26', '2026-10-27'],
    );
    expect(rows.map((r) => [dateOf(r.date), r.port])).toEqual([['2026-10-26', 1], ['2026-10-26', 2], ['2026-10-27', 1], ['2026-10-27', 2]]);
    const monthly = await sql<{ year: number; month: number; port: number; energy_kwh: number; cost: number }>(
      mysqlUrl,
      "SELECT `year`, `month`, port, energy_kwh, cost FROM monthly_consumption WHERE site = 'berlin' ORDER BY `year`, `month`, port",
    );
    expect(monthly.map((m) => [m.year, m.month, m.port])).toEqual([[2026, 10, 1], [2026, 10, 2], [2026, 11, 1], [2026, 11, 2]]);

    const csv = await app.inject({ method: 'GET', url: '/api/archive/daily_consumption?site=berlin&from=2026-10-26&to=2026-10-28&format=csv' });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]!.startsWith('Date,Port,Energy (kWh),Cost,Runtime (minutes),Peak Usage (W),')).toBe(true);
    expect(lines).toHaveLength(1 + 4);
    const first = lines[1]!.split(',');
    expect(first.slice(0, 2)).toEqual(['2026-10-26', '1']);
    expect(Number(first[2])).toBeCloseTo(rows[0]!.energy_kwh, 9);
    const json = (await app.inject({ method: 'GET', url: '/api/archive/shift_production?site=berlin&from=2026-10-25&to=2026-10-26' })).json();
    expect(json.rows.map((r: { shift: number }) => r.shift)).toEqual([1, 2, 3]);
    expect((await app.inject({ method: 'GET', url: '/api/archive/daily_consumption?from=yesterday' })).json().message).toBe('from must be a local date such as 2026-03-01');
    expect((await app.inject({ method: 'GET', url: '/api/archive/nonsense' })).statusCode).toBe(404);
  });

  it('takes a new tariff from the next window on, and never reprices a final or finalising one; one currency', { timeout: 120_000 }, async () => {
    const next = await app.inject({ method: 'PUT', url: '/api/tariffs', payload: { currency: 'BDT', rate: 8.5, peak: { rate: 12, start: '18:00', end: '23:00' } } });
    expect(next.statusCode, next.body).toBe(201);
    const effectiveFrom = Date.parse(next.json().effectiveFrom);
    expect(effectiveFrom % (5 * MINUTE)).toBe(0);
    expect(effectiveFrom).toBeGreaterThanOrEqual(Date.now() - 5 * MINUTE);
    const backdated = await app.inject({ method: 'PUT', url: '/api/tariffs', payload: { ...BERLIN_TARIFF, effectiveFrom: '2026-10-20T00:00:00Z', rate: 20 } });
    expect(backdated.statusCode).toBe(409);
    expect(backdated.json().message).toMatch(/^costs up to 20\d\d-.* are final or being finalised and no longer change/);
    const unaligned = await app.inject({ method: 'PUT', url: '/api/tariffs', payload: { currency: 'BDT', rate: 9, effectiveFrom: '2030-01-01T00:01:00Z' } });
    expect(unaligned.statusCode).toBe(400);
    const euro = await app.inject({ method: 'PUT', url: '/api/tariffs', payload: { currency: 'EUR', rate: 0.3 } });
    expect(euro.statusCode).toBe(409);
    expect(euro.json().message).toMatch(/the tariffs are in BDT/);
    const misspelt = await app.inject({ method: 'PUT', url: '/api/tariffs', payload: { currency: 'BDT', rate: 8, peakRate: 9 } });
    expect(misspelt.statusCode).toBe(400);
    expect(misspelt.body).toMatch(/must NOT have additional properties/);
    const listed = (await app.inject({ method: 'GET', url: '/api/tariffs' })).json();
    expect(listed.tariffs).toEqual([
      { site: '*', effectiveFrom: '2026-01-01T00:00:00.000Z', currency: 'BDT', rate: 8, peak: { rate: 12, start: '18:00', end: '23:00' } },
      { site: '*', effectiveFrom: new Date(effectiveFrom).toISOString(), currency: 'BDT', rate: 8.5, peak: { rate: 12, start: '18:00', end: '23:00' } },
      { site: 'berlin', effectiveFrom: new Date(BERLIN_CHANGE).toISOString(), currency: 'BDT', rate: 9.5, peak: null },
    ]);
  });
});
