import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Archive } from '../../src/archive/index.js';
import { sumMetric } from '../support/bridge-process.js';
import { eventually } from '../support/stack-fixture.js';
import { expectSameWindows, expectedWindows, type StoredWindow } from './support/expected.js';
import { LiveFeed } from './support/live-feed.js';
import { createInfluxDatabase } from './support/points.js';
import { ArchiveServers, sql } from './support/servers.js';

// Short tiers so that windows become final within the test; the code path is the same as 5m/1h/1d.
const TIERS = [
  { label: '5s', ms: 5_000 },
  { label: '15s', ms: 15_000 },
  { label: '30s', ms: 30_000 },
];
const LONGEST_TIER_MS = TIERS[TIERS.length - 1]!.ms;
const MAX_GAP_MS = 900_000;

async function watermarks(url: string): Promise<Map<string, number>> {
  const rows = await sql<{ tier: string; final_until: Date }>(url, 'SELECT tier, final_until FROM archive_watermark').catch(() => []);
  return new Map(rows.map((r) => [r.tier, r.final_until.getTime()]));
}

describe('MySQL stopped while data flows', () => {
  let servers: ArchiveServers;
  let feed: LiveFeed | undefined;
  let archive: Archive | undefined;

  beforeAll(async () => {
    servers = await ArchiveServers.start('outage');
  }, 120_000);
  afterAll(async () => {
    await feed?.stop().catch(() => undefined);
    await archive?.stop();
    await servers?.stop();
  });

  it('catches up afterwards: every window complete and exact, none doubled', { timeout: 240_000 }, async () => {
    const url = await servers.newDatabase();
    await createInfluxDatabase(servers.influx.url, 'outage');
    feed = new LiveFeed(servers.influx.url, 'outage');
    const created = servers.archive(
      { MYSQL_URL: url, INFLUX_BUCKET: 'outage', ARCHIVE_TIERS: TIERS.map((t) => t.label).join(','), ARCHIVE_GRACE_SECONDS: '2', ARCHIVE_INTERVAL_SECONDS: '1' },
      { writtenThrough: feed.writtenThrough },
    );
    archive = created.archive;
    const metric = async (name: string, labels: Record<string, string> = {}) => sumMetric(await created.registry.metrics(), name, labels);
    const api = Fastify();
    await api.register(archive.routes);

    feed.start();
    await archive.start();
    await eventually(() => watermarks(url), (w) => (w.get('30s') ?? 0) > Date.now() - 40_000, { timeoutMs: 30_000 });
    expect(archive.readiness()).toEqual({ ok: true });
    // The job knows its watermarks once its first pass has returned (the rows above may be written by a pass still running).
    await eventually(() => metric('sensorplus_archive_watermark_lag_seconds', { tier: '5s' }), (lag) => lag > 0, { timeoutMs: 30_000 });

    const errorsBefore = await metric('sensorplus_archive_errors_total', { stage: 'mysql' });
    await servers.mariadb.stop();
    const outageStarted = Date.now();
    // The outage lasts until a whole window of every tier lies inside it and the feed has written past its end.
    const wholeWindowEnd = Math.ceil(outageStarted / LONGEST_TIER_MS) * LONGEST_TIER_MS + LONGEST_TIER_MS;
    await eventually(async () => archive!.readiness(), (r) => !r.ok, { timeoutMs: 30_000 });
    expect(archive.readiness().detail).toMatch(/^archive: mysql: /);
    const during = await api.inject({ method: 'GET', url: '/api/archive?device=temp-1' });
    expect(during.statusCode).toBe(503);
    expect(during.json()).toEqual({ error: 'archive_unavailable', message: 'The archive database does not answer; try again later.' });
    // Every failed run is counted, and the job keeps trying.
    const errors = await eventually(() => metric('sensorplus_archive_errors_total', { stage: 'mysql' }), (n) => n >= errorsBefore + 3, { timeoutMs: 60_000 });
    expect(errors).toBeGreaterThanOrEqual(errorsBefore + 3);
    const written = await eventually(async () => feed!.points.at(-1)?.ts ?? 0, (ts) => ts >= wholeWindowEnd, { timeoutMs: 3 * LONGEST_TIER_MS });
    expect(written).toBeGreaterThanOrEqual(wholeWindowEnd);
    // The watermark stood still, so the lag covers the whole outage so far.
    const scraped = Date.now();
    expect(await metric('sensorplus_archive_watermark_lag_seconds', { tier: '5s' })).toBeGreaterThanOrEqual((scraped - outageStarted) / 1000);
    expect(archive.readiness().ok).toBe(false);

    await servers.mariadb.restart();
    const restarted = Date.now();
    const caughtUp = await eventually(() => watermarks(url), (w) => TIERS.every((t) => (w.get(t.label) ?? 0) >= restarted + 5_000), { timeoutMs: 60_000 });
    await feed.stop();
    expect(archive.readiness()).toEqual({ ok: true });
    await api.close();

    for (const tier of TIERS) {
      const finalUntil = caughtUp.get(tier.label)!;
      expect(finalUntil).toBeGreaterThanOrEqual(restarted + 5_000);
      const stored = await sql<StoredWindow>(url, 'SELECT * FROM archive_rollup WHERE tier = ? AND window_start < ?', [tier.label, new Date(finalUntil)]);
      expectSameWindows(stored, expectedWindows(feed.points, tier.ms, MAX_GAP_MS, 0, finalUntil), tier.label);
      expect(stored.every((r) => r.is_final === 1)).toBe(true);
      // The outage is inside what was checked: the windows it covered are there, complete.
      expect(stored.some((r) => r.window_start.getTime() >= outageStarted && r.window_start.getTime() + tier.ms <= restarted)).toBe(true);
    }
  });
});
