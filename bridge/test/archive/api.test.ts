import Fastify, { type FastifyInstance } from 'fastify';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArchive } from '../../src/archive/index.js';
import { loadConfig } from '../../src/config/index.js';
import { sumMetric } from '../support/bridge-process.js';
import { createInfluxDatabase, writePoints, type RawPoint } from './support/points.js';
import { ArchiveServers, sql, testLogger } from './support/servers.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe('GET /api/archive and retention', () => {
  let servers: ArchiveServers;
  let app: FastifyInstance;
  let mysqlUrl: string;
  const t0 = Math.floor((Date.now() - 3 * HOUR) / HOUR) * HOUR;
  // 40 minutes of temperature and solar readings, one every 30 s.
  const points: RawPoint[] = Array.from({ length: 80 }, (_, i): RawPoint[] => [
    { kind: 'temperature', site: 'demo', device: 'temp-1', room: 'room1', ts: t0 + i * 30_000, fields: { value: 20 + i / 10 } },
    { kind: 'solar', site: 'demo', device: 'solar-plant', ts: t0 + i * 30_000, fields: { power_w: 1000, voltage: 400, current: 2.5 } },
  ]).flat();

  beforeAll(async () => {
    servers = await ArchiveServers.start('api');
    mysqlUrl = await servers.newDatabase();
    await createInfluxDatabase(servers.influx.url, 'api');
    await writePoints(servers.influx.url, 'api', points);
    const { archive } = servers.archive({ MYSQL_URL: mysqlUrl, INFLUX_BUCKET: 'api', ARCHIVE_GRACE_SECONDS: '0' });
    await archive.runOnce();
    app = Fastify();
    await app.register(archive.routes);
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await servers?.stop();
  });

  const get = (query: string) => app.inject({ method: 'GET', url: `/api/archive?${query}` });

  it('returns one device’s windows as JSON, oldest first', async () => {
    const response = await get(`device=temp-1&from=${new Date(t0).toISOString()}&to=${t0 + HOUR}`);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ device: 'temp-1', tier: '5m', from: new Date(t0).toISOString(), count: 8, truncated: false });
    expect(body.windows[0]).toEqual({
      site: 'demo', kind: 'temperature', device: 'temp-1', room: 'room1', field: 'value',
      start: new Date(t0).toISOString(), end: new Date(t0 + 5 * MINUTE).toISOString(),
      count: 10, min: 20, max: 20.9, mean: expect.closeTo(20.45, 9), first: 20, last: 20.9,
      firstAt: new Date(t0).toISOString(), lastAt: new Date(t0 + 270_000).toISOString(), peakAt: new Date(t0 + 270_000).toISOString(),
      suspectCount: 0, energyWh: null, runtimeSeconds: null, cost: null, currency: null, increase: null, final: true,
    });
  });

  it('filters by field and tier, and reports truncation', async () => {
    const hourly = (await get(`device=solar-plant&tier=1h&field=power_w&from=${t0}&to=${t0 + HOUR}`)).json();
    expect(hourly.windows).toHaveLength(1);
    // 1000 W from the first to the last reading: 79 × 30 s.
    expect(hourly.windows[0]).toMatchObject({ field: 'power_w', count: 80, energyWh: expect.closeTo((1000 * (79 * 30)) / 3600, 9) });
    const cut = await get(`device=solar-plant&from=${t0}&to=${t0 + HOUR}&limit=2`);
    expect(cut.json()).toMatchObject({ count: 2, truncated: true });
    expect(cut.headers['x-sensorplus-truncated']).toBe('true');
  });

  it('returns CSV with format=csv', async () => {
    const response = await get(`device=solar-plant&field=energy_wh&from=${t0}&to=${t0 + HOUR}&format=csv`);
    expect(response.statusCode).toBe(200);
    expect(response.body.split('\r\n')).toEqual([expect.stringMatching(/^site,kind,device,room,field,tier,window_start/), '']);
    const csv = await get(`device=solar-plant&field=voltage&from=${t0}&to=${t0 + HOUR}&format=csv`);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe('attachment; filename="archive-solar-plant-5m.csv"');
    const lines = csv.body.trim().split('\r\n');
    expect(lines).toHaveLength(1 + 8);
    expect(lines[1]).toBe(`demo,solar,solar-plant,,voltage,5m,${new Date(t0).toISOString()},${new Date(t0 + 5 * MINUTE).toISOString()},10,400,400,400,400,400,${new Date(t0).toISOString()},${new Date(t0 + 270_000).toISOString()},${new Date(t0).toISOString()},0,,,,,,true`);
  });

  it.each([
    ['', 'device is required, e.g. ?device=temp-1'],
    ["device=temp-1'%20OR%201=1", /device "temp-1' OR 1=1" is not a valid identifier/],
    ['device=temp-1&from=last-week', /from must be an ISO 8601 time/],
    ['device=temp-1&from=2024-05-02&to=2024-05-01', /must be before to/],
    ['device=temp-1&tier=15m', 'tier "15m" is not archived; choose one of 5m, 1h, 1d'],
    ['device=temp-1&format=xlsx', 'format must be json or csv, got "xlsx"'],
    ['device=temp-1&sort=desc', /unknown parameter "sort"/],
    ['device=temp-1&device=temp-2', 'device is given more than once'],
  ])('answers 400 with a clear message for %s', async (query, message) => {
    const response = await get(query);
    expect(response.statusCode).toBe(400);
    const body = response.json();
    expect(body.error).toBe('bad_request');
    if (typeof message === 'string') expect(body.message).toBe(message);
    else expect(body.message).toMatch(message);
  });

  it('answers 404 with a hint when the archive is off', async () => {
    const config = loadConfig({});
    const off = createArchive(config.archive, { influx: servers.influxConnection, profiles: config.profiles, registry: new Registry(), log: testLogger(), writtenThrough: Date.now });
    const offApp = Fastify();
    await offApp.register(off.routes);
    const response = await offApp.inject({ method: 'GET', url: '/api/archive?device=temp-1' });
    await offApp.close();
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ error: 'archive_disabled', message: 'The MySQL archive is off: set MYSQL_URL to turn it on.' });
    expect(off.readiness()).toEqual({ ok: true, detail: 'archive off (MYSQL_URL is empty)' });
  });

  it('deletes windows past each tier’s retention, in batches, and keeps the tiers kept forever', { timeout: 60_000 }, async () => {
    const url = await servers.newDatabase();
    const first = servers.archive({ MYSQL_URL: url, INFLUX_BUCKET: 'empty' });
    await first.archive.runOnce(); // creates the schema
    await first.archive.stop(); // hands the job's lock on, as a bridge that stops does
    const now = Date.now();
    const old = (tier: string, ageMs: number, device: string) => [tier, 'demo', 'temperature', device, 'value', new Date(now - ageMs), new Date(now - ageMs + 1), 1, 1];
    const rows = [
      ...Array.from({ length: 12_000 }, (_, i) => old('5m', 3 * 86_400_000 + i * 300_000, `old-${i % 50}`)),
      old('5m', 3 * HOUR, 'recent'),
      old('1h', 20 * 86_400_000, 'old'),
      old('1h', 5 * 86_400_000, 'recent'),
      old('1d', 10 * 365 * 86_400_000, 'ancient'),
    ];
    for (let i = 0; i < rows.length; i += 2000) {
      const batch = rows.slice(i, i + 2000);
      await sql(url, `INSERT INTO archive_rollup (tier, site, kind, device, field, window_start, window_end, sample_count, is_final, updated_at) VALUES ${batch.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, UTC_TIMESTAMP(3))').join(', ')}`, batch.flat());
    }
    const { archive, registry } = servers.archive({ MYSQL_URL: url, INFLUX_BUCKET: 'empty', ARCHIVE_RETENTION: '5m=2d,1h=7d,1d=forever' });
    await archive.runOnce();
    const left = await sql<{ tier: string; device: string }>(url, 'SELECT tier, device FROM archive_rollup ORDER BY tier, device');
    expect(left.map((r) => `${r.tier} ${r.device}`)).toEqual(['1d ancient', '1h recent', '5m recent']);
    const metrics = await registry.metrics();
    expect(sumMetric(metrics, 'sensorplus_archive_rows_deleted_total', { tier: '5m' })).toBe(12_000);
    expect(sumMetric(metrics, 'sensorplus_archive_rows_deleted_total', { tier: '1h' })).toBe(1);
  });
});
