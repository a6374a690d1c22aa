import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectSameWindows, expectedWindows, type StoredWindow } from './support/expected.js';
import { createInfluxDatabase, simulatedDay, writePoints, type RawPoint } from './support/points.js';
import { ArchiveServers, INFLUX_DB, sql } from './support/servers.js';

const DAY = 86_400_000;
const MINUTE = 60_000;
const MAX_GAP = 15 * MINUTE;
const TIERS = [
  { label: '5m', ms: 5 * MINUTE },
  { label: '1h', ms: 60 * MINUTE },
  { label: '1d', ms: DAY },
];

describe('a simulated day of the 21-device building', () => {
  let servers: ArchiveServers;
  let mysqlUrl: string;
  let points: RawPoint[];
  const dayStart = Math.floor((Date.now() - 2 * DAY) / DAY) * DAY;
  const dayEnd = dayStart + DAY;

  beforeAll(async () => {
    servers = await ArchiveServers.start('exact');
    mysqlUrl = await servers.newDatabase();
    points = simulatedDay({
      start: dayStart,
      end: dayEnd,
      stepMs: 10_000,
      seed: 7,
      silences: {
        // 12 minutes: shorter than the gap limit, so energy is interpolated across windows without readings.
        'solar-plant': [[dayStart + 11 * 60 * MINUTE, dayStart + 11 * 60 * MINUTE + 12 * MINUTE], [dayStart + 13 * 60 * MINUTE, dayStart + 13 * 60 * MINUTE + 30 * MINUTE]],
        'temp-1': [[dayStart + 3 * 60 * MINUTE + 17_000, dayStart + 3 * 60 * MINUTE + 40 * MINUTE]],
      },
    });
    await createInfluxDatabase(servers.influx.url, INFLUX_DB);
    await writePoints(servers.influx.url, INFLUX_DB, points);
  }, 120_000);
  afterAll(async () => servers?.stop());

  it('archives every window of every tier exactly as computed from the raw points', { timeout: 120_000 }, async () => {
    const { archive } = servers.archive({ MYSQL_URL: mysqlUrl, ARCHIVE_MAX_GAP_SECONDS: String(MAX_GAP / 1000) });
    await archive.runOnce();

    for (const tier of TIERS) {
      const stored = await sql<StoredWindow>(mysqlUrl, 'SELECT * FROM archive_rollup WHERE tier = ?', [tier.label]);
      expectSameWindows(stored, expectedWindows(points, tier.ms, MAX_GAP, dayStart, dayEnd), tier.label);
      expect(stored.every((row) => row.is_final === 1)).toBe(true);
    }
    const watermarks = await sql<{ tier: string; final_until: Date }>(mysqlUrl, 'SELECT tier, final_until FROM archive_watermark');
    for (const w of watermarks) expect(w.final_until.getTime()).toBeGreaterThanOrEqual(dayEnd);
  });

  it('changes nothing when it runs again, and the original tables show the same windows', { timeout: 60_000 }, async () => {
    const before = await sql(mysqlUrl, 'SELECT * FROM archive_rollup ORDER BY tier, site, kind, device, field, window_start');
    const { archive } = servers.archive({ MYSQL_URL: mysqlUrl, ARCHIVE_MAX_GAP_SECONDS: String(MAX_GAP / 1000) });
    await archive.runOnce();
    const after = await sql(mysqlUrl, 'SELECT * FROM archive_rollup ORDER BY tier, site, kind, device, field, window_start');
    expect(after).toEqual(before);

    const temperature = await sql<{ device_id: string; value: number; recorded_at: Date }>(
      mysqlUrl,
      "SELECT device_id, value, recorded_at FROM temperature_data WHERE device_id = 'temp-2' ORDER BY recorded_at",
    );
    const expected5m = expectedWindows(points, 5 * MINUTE, MAX_GAP, dayStart, dayEnd);
    const temp2 = [...expected5m.values()].filter((w) => w.key.startsWith('demo/temperature/temp-2/value@'));
    expect(temperature).toHaveLength(temp2.length);
    expect(temperature[0]!.value).toBeCloseTo(temp2[0]!.mean!, 9);

    const solar = await sql<{ energy_wh: number; power_w: number | null; voltage: number | null }>(mysqlUrl, 'SELECT * FROM solar_data');
    const daily = await sql<{ day: Date | string; energy_wh: number; energy_kwh: number }>(mysqlUrl, 'SELECT * FROM solar_energy_daily');
    const monthly = await sql<{ energy_wh: number; days: number }>(mysqlUrl, 'SELECT * FROM solar_energy_monthly');
    const solarTotal = solar.reduce((sum, row) => sum + row.energy_wh, 0);
    expect(daily).toHaveLength(1);
    expect(daily[0]!.energy_wh).toBeCloseTo(solarTotal, 6);
    expect(daily[0]!.energy_kwh).toBeCloseTo(solarTotal / 1000, 9);
    expect(monthly.reduce((sum, row) => sum + row.energy_wh, 0)).toBeCloseTo(solarTotal, 6);
    expect(solarTotal).toBeGreaterThan(1000);
    // Windows crossed by an interpolated power segment but holding no reading: energy, no power.
    expect(solar.some((row) => row.power_w === null && row.energy_wh > 0)).toBe(true);
    for (const view of ['humidity_data', 'co2_data', 'light_data']) {
      expect((await sql<{ n: number }>(mysqlUrl, `SELECT COUNT(*) AS n FROM ${view}`))[0]!.n).toBeGreaterThan(0);
    }
  });
});
