import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config/index.js';

const URL_ = 'mysql://bridge:s%40cret@db.example:3307/archive';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

describe('archive settings', () => {
  it('is off without MYSQL_URL, with the default tiers still parsed', () => {
    const { archive } = loadConfig({});
    expect(archive.mysql).toBeNull();
    expect(archive.tiers.map((t) => [t.label, t.retentionMs])).toEqual([
      ['5m', 180 * 86_400_000],
      ['1h', 5 * 365 * 86_400_000],
      ['1d', null],
    ]);
    expect(archive).toMatchObject({ graceMs: 300_000, intervalMs: 30_000, maxGapMs: 900_000 });
  });

  it('reads the URL, keeping the password secret', () => {
    const config = loadConfig({ MYSQL_URL: URL_ });
    expect(config.archive.mysql).toMatchObject({ host: 'db.example', port: 3307, user: 'bridge', database: 'archive', ssl: false });
    expect(config.archive.mysql!.password.reveal()).toBe('s@cret');
    expect(JSON.stringify(config)).not.toContain('s@cret');
    expect(loadConfig({ MYSQL_URL: 'mysql://u:p@h/db?ssl=true' }).archive.mysql).toMatchObject({ port: 3306, ssl: true });
  });

  it('takes other tiers, spelled any way, with retention per tier', () => {
    const { archive } = loadConfig({ ARCHIVE_TIERS: '1m, 60m ,1d', ARCHIVE_RETENTION: '1m=30d,1h=2y', ARCHIVE_GRACE_SECONDS: '0' });
    expect(archive.tiers.map((t) => [t.label, t.ms, t.retentionMs])).toEqual([
      ['1m', 60_000, 30 * 86_400_000],
      ['1h', 3_600_000, 2 * 365 * 86_400_000],
      ['1d', 86_400_000, null],
    ]);
    expect(archive.graceMs).toBe(0);
  });

  it('ignores default retention entries for tiers the operator removed', () => {
    expect(loadConfig({ ARCHIVE_TIERS: '10m,1h' }).archive.tiers.map((t) => t.label)).toEqual(['10m', '1h']);
  });

  it.each([
    [{ MYSQL_URL: 'postgres://u:p@h/db' }, /MYSQL_URL has an invalid format/],
    [{ MYSQL_URL: 'mysql://u:p@h/' }, /MYSQL_URL must name a database/],
    [{ MYSQL_URL: 'mysql://h/db' }, /MYSQL_URL names no user/],
    [{ MYSQL_URL: 'mysql://u:p@h/db?pool=9' }, /unknown options: pool/],
    [{ ARCHIVE_TIERS: '5min' }, /ARCHIVE_TIERS must list .* not understood: 5min/],
    [{ ARCHIVE_TIERS: '5m,7m' }, /7m must be longer than 5m and a multiple of it/],
    [{ ARCHIVE_TIERS: '1h,5m' }, /5m must be longer than 1h/],
    [{ ARCHIVE_TIERS: '7m' }, /7m does not divide a day/],
    [{ ARCHIVE_TIERS: '1w' }, /ARCHIVE_TIERS must list/],
    [{ ARCHIVE_RETENTION: '5m=forever,15m=1y' }, /names 15m, which is not in ARCHIVE_TIERS/],
    [{ ARCHIVE_RETENTION: '5m:180d' }, /entry "5m:180d" is not TIER=DURATION/],
    [{ ARCHIVE_RETENTION: '5m=1h' }, /keeps 5m rows for 1h; at least 2h is needed/],
  ])('refuses %j with a clear message', (env, message) => {
    const problems = problemsOf(env);
    expect(problems.join('\n')).toMatch(message);
  });

  it('never shows the password in a problem', () => {
    expect(problemsOf({ MYSQL_URL: 'mysql://u:hunter2-secret@h/?x=1' }).join('\n')).not.toContain('hunter2');
    expect(problemsOf({ MYSQL_URL: 'http://u:hunter2-secret@h/db' }).join('\n')).not.toContain('hunter2');
  });
});
