import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reading } from '../../src/model/reading.js';
import { sumMetric } from '../support/bridge-process.js';
import { createInfluxDatabase, writePoints, type RawPoint } from './support/points.js';
import { ArchiveServers, sql } from './support/servers.js';

const MINUTE = 60_000;
const GRACE = MINUTE;

interface Row {
  window_start: Date;
  sample_count: number;
  value_min: number;
  value_max: number;
  counter_increase: number | null;
  is_final: number;
}

/** A controllable clock: the archive's `now` and the bridge's written-through time move together. */
class Clock {
  constructor(public now: number) {}
}

describe('late data and counters', () => {
  let servers: ArchiveServers;
  // An hour boundary two hours ago: everything below happens "then", driven by a fake clock.
  const t0 = Math.floor((Date.now() - 2 * 3_600_000) / 3_600_000) * 3_600_000;

  beforeAll(async () => {
    servers = await ArchiveServers.start('late');
  }, 120_000);
  afterAll(async () => servers?.stop());

  async function setUp(bucket: string, points: RawPoint[], env: Record<string, string> = {}) {
    const mysqlUrl = await servers.newDatabase();
    await createInfluxDatabase(servers.influx.url, bucket);
    await writePoints(servers.influx.url, bucket, points);
    const clock = new Clock(t0);
    const { archive, registry } = servers.archive(
      { MYSQL_URL: mysqlUrl, INFLUX_BUCKET: bucket, ARCHIVE_GRACE_SECONDS: String(GRACE / 1000), ...env },
      { now: () => clock.now, writtenThrough: () => clock.now },
    );
    const rows = (tier: string, device: string) =>
      sql<Row>(mysqlUrl, 'SELECT * FROM archive_rollup WHERE tier = ? AND device = ? ORDER BY window_start', [tier, device]);
    const late = async () => sumMetric(await registry.metrics(), 'sensorplus_archive_late_readings_total');
    return { mysqlUrl, archive, clock, rows, late };
  }

  const reading = (ts: number, value: number): Reading => ({ measurement: 'temperature', tags: { site: 'demo', device: 'temp-9', room: 'room9' }, ts, fields: { value }, quality: 'good' });
  const point = (ts: number, value: number): RawPoint => ({ kind: 'temperature', site: 'demo', device: 'temp-9', room: 'room9', ts, fields: { value } });

  it('re-opens a window for a point inside the grace period; outside it counts the point as late and keeps the window final', { timeout: 60_000 }, async () => {
    const bucket = 'late_points';
    const history = Array.from({ length: 60 }, (_, i) => point(t0 + i * 10_000, 20 + (i % 7) / 10));
    const { archive, clock, rows, late } = await setUp(bucket, history);
    const window = t0 + 5 * MINUTE;

    clock.now = t0 + 10 * MINUTE + 20_000; // 20 s after the window ended: inside the grace period
    await archive.runOnce();
    let [first, second] = await rows('5m', 'temp-9');
    expect(first).toMatchObject({ sample_count: 30, is_final: 1 });
    expect(second).toMatchObject({ window_start: new Date(window), sample_count: 30, is_final: 0 });

    // A late point inside the grace period: in InfluxDB and noted by the bridge, not counted late.
    await writePoints(servers.influx.url, bucket, [point(window + 2 * MINUTE + 1, 99)]);
    archive.noteReading(reading(window + 2 * MINUTE + 1, 99));
    await archive.runOnce();
    [, second] = await rows('5m', 'temp-9');
    expect(second).toMatchObject({ sample_count: 31, value_max: 99, is_final: 0 });
    expect(await late()).toBe(0);

    clock.now = t0 + 10 * MINUTE + GRACE + 1_000; // the grace period is over
    await archive.runOnce();
    [, second] = await rows('5m', 'temp-9');
    expect(second).toMatchObject({ sample_count: 31, is_final: 1 });

    // Too late: kept in InfluxDB, counted, and the final window does not change.
    await writePoints(servers.influx.url, bucket, [point(window + 3 * MINUTE + 1, -5)]);
    archive.noteReading(reading(window + 3 * MINUTE + 1, -5));
    expect(await late()).toBe(1);
    clock.now += 5 * MINUTE;
    await archive.runOnce();
    [, second] = await rows('5m', 'temp-9');
    expect(second).toMatchObject({ sample_count: 31, value_min: 20, value_max: 99, is_final: 1 });
    const [hour] = await rows('1h', 'temp-9');
    expect(hour).toMatchObject({ sample_count: 61, value_max: 99, is_final: 0 });
  });

  it('finalises nothing during the first grace period after a start, so the broker backlog lands in open windows', { timeout: 60_000 }, async () => {
    const history = Array.from({ length: 30 }, (_, i) => point(t0 + i * 10_000, 21));
    const { archive, clock, rows } = await setUp('restart_hold', history, { ARCHIVE_INTERVAL_SECONDS: '3600' });
    clock.now = t0 + 30 * MINUTE;
    await archive.start();
    await archive.runOnce();
    expect((await rows('5m', 'temp-9')).map((r) => r.is_final)).toEqual([0]);
    clock.now += GRACE;
    await archive.runOnce();
    expect((await rows('5m', 'temp-9')).map((r) => r.is_final)).toEqual([1]);
  });

  it('gives the increase of a counter that resets mid-window, the way Prometheus treats resets', { timeout: 60_000 }, async () => {
    const counter = (offset: number, value: number): RawPoint => ({ kind: 'counter', site: 'demo', device: 'line-1', room: 'hall', ts: t0 + offset, fields: { value } });
    const points = [
      counter(-30_000, 90), // the window before: its last value is the baseline
      counter(10_000, 100), // +10
      counter(60_000, 110), // +10
      counter(120_000, 120), // +10
      counter(150_000, 5), // reset (shift change): +5, the counter started again from 0
      counter(200_000, 15), // +10
      counter(250_000, 15), // +0
      counter(320_000, 3), // next window: reset again, +3
    ];
    const { archive, clock, rows } = await setUp('counters', points);
    clock.now = t0 + 20 * MINUTE;
    await archive.runOnce();
    const windows = await rows('5m', 'line-1');
    expect(windows.map((w) => [w.window_start.getTime() - t0, w.counter_increase, w.sample_count])).toEqual([
      [-5 * MINUTE, 0, 1],
      [0, 45, 6],
      [5 * MINUTE, 3, 1],
    ]);
    // The hour adds up its windows exactly.
    const hours = await rows('1h', 'line-1');
    expect(hours.map((h) => [h.window_start.getTime() - t0, h.counter_increase])).toEqual([
      [-60 * MINUTE, 0],
      [0, 45 + 3],
    ]);
  });
});
