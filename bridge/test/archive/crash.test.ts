import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/stack-fixture.js';
import { expectSameWindows, expectedWindows, type StoredWindow } from './support/expected.js';
import { LiveFeed } from './support/live-feed.js';
import { createInfluxDatabase } from './support/points.js';
import { ArchiveServers, sql } from './support/servers.js';

const BRIDGE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SCRIPT = path.join(BRIDGE_DIR, 'test/archive/support/archive-process.ts');
const TSX_LOADER = createRequire(import.meta.url).resolve('tsx');
const TIERS = [
  { label: '5s', ms: 5_000 },
  { label: '15s', ms: 15_000 },
  { label: '30s', ms: 30_000 },
];

/** The archive job as its own process, so that SIGKILL really kills it mid-run. */
class ArchiveProcess {
  #child: ChildProcess | undefined;

  constructor(
    private readonly env: Record<string, string>,
    private readonly logFile: string,
  ) {}

  async spawn(): Promise<void> {
    const child = spawn(process.execPath, ['--import', TSX_LOADER, SCRIPT], {
      cwd: BRIDGE_DIR,
      env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const log = createWriteStream(this.logFile, { flags: 'a' });
    child.stderr!.pipe(log);
    this.#child = child;
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('archive started') && resolve());
      child.once('exit', (code) => reject(new Error(`archive process exited with ${code} before starting (log: ${this.logFile})`)));
    });
  }

  async kill(): Promise<void> {
    const child = this.#child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }
}

async function watermarks(url: string): Promise<Map<string, number>> {
  const rows = await sql<{ tier: string; final_until: Date }>(url, 'SELECT tier, final_until FROM archive_watermark').catch(() => []);
  return new Map(rows.map((r) => [r.tier, r.final_until.getTime()]));
}

/** Rows of the tier's window holding now that are written but not final yet. */
async function provisionalRowsOfCurrentWindow(url: string, tier: string, tierMs: number): Promise<number> {
  const current = Math.floor(Date.now() / tierMs) * tierMs;
  const rows = await sql<{ n: number }>(url, 'SELECT COUNT(*) AS n FROM archive_rollup WHERE tier = ? AND window_start = ? AND is_final = 0', [tier, new Date(current)]);
  return Number(rows[0]?.n ?? 0);
}

describe('the archive job killed in the middle of a window', () => {
  let servers: ArchiveServers;
  let job: ArchiveProcess | undefined;
  let feed: LiveFeed | undefined;

  beforeAll(async () => {
    servers = await ArchiveServers.start('crash');
  }, 120_000);
  afterAll(async () => {
    await job?.kill();
    await feed?.stop().catch(() => undefined);
    await servers?.stop();
  });

  it('leaves no gap and no duplicate after a restart', { timeout: 180_000 }, async () => {
    const url = await servers.newDatabase();
    await createInfluxDatabase(servers.influx.url, 'crash');
    const writtenThroughFile = path.join(servers.dir, 'written-through');
    feed = new LiveFeed(servers.influx.url, 'crash', (writtenThrough) => {
      // Atomic replace, so the job never reads half a number.
      writeFileSync(`${writtenThroughFile}.tmp`, String(writtenThrough));
      renameSync(`${writtenThroughFile}.tmp`, writtenThroughFile);
    });
    job = new ArchiveProcess(
      {
        MYSQL_URL: url,
        INFLUX_URL: servers.influx.url,
        INFLUX_BUCKET: 'crash',
        ARCHIVE_TIERS: TIERS.map((t) => t.label).join(','),
        ARCHIVE_GRACE_SECONDS: '2',
        ARCHIVE_INTERVAL_SECONDS: '1',
        WRITTEN_THROUGH_FILE: writtenThroughFile,
      },
      path.join(servers.dir, 'archive.log'),
    );
    feed.start();
    await job.spawn();

    // Kill in the middle of a window: once the job has finalised some windows and written the
    // current one of the longest tier as provisional.
    await eventually(() => watermarks(url), (w) => (w.get('30s') ?? 0) > 0, { timeoutMs: 60_000 });
    expect(await eventually(() => provisionalRowsOfCurrentWindow(url, '30s', 30_000), (n) => n > 0, { timeoutMs: 60_000 })).toBeGreaterThan(0);
    await job.kill();
    const killedAt = Date.now();
    // Readings keep arriving while the job is dead: restart once the feed has written two more rounds.
    expect(await eventually(async () => feed!.points.at(-1)?.ts ?? 0, (ts) => ts >= killedAt + 2_000, { timeoutMs: 30_000 })).toBeGreaterThanOrEqual(killedAt + 2_000);
    await job.spawn();

    // Caught up once the window holding the kill is final in every tier.
    const windowEnd = (ms: number) => Math.floor(killedAt / ms) * ms + ms;
    const caughtUp = await eventually(() => watermarks(url), (w) => TIERS.every((t) => (w.get(t.label) ?? 0) >= windowEnd(t.ms)), { timeoutMs: 90_000 });
    await feed.stop();
    for (const tier of TIERS) {
      const finalUntil = caughtUp.get(tier.label)!;
      const stored = await sql<StoredWindow>(url, 'SELECT * FROM archive_rollup WHERE tier = ? AND window_start < ?', [tier.label, new Date(finalUntil)]);
      expectSameWindows(stored, expectedWindows(feed.points, tier.ms, 900_000, 0, finalUntil), tier.label);
      expect(stored.every((r) => r.is_final === 1)).toBe(true);
      expect(stored.some((r) => r.window_start.getTime() <= killedAt && r.window_start.getTime() + tier.ms > killedAt)).toBe(true);
    }
  });
});
