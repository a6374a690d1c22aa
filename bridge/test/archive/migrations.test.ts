import { createPool, type Pool, type RowDataPacket } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MigrationError, applyStatement, checksumOf, migrate } from '../../src/archive/mysql/migrate.js';
import { MIGRATIONS, type Migration } from '../../src/archive/mysql/migrations.js';
import { ArchiveStore } from '../../src/archive/mysql/store.js';
import type { WindowRow } from '../../src/archive/rows.js';
import { ArchiveServers } from './support/servers.js';

/** MySQL 8.0's default; MariaDB's is laxer, so the tests hold the SQL to MySQL's rules. */
const MYSQL8_SQL_MODE = 'ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION';

/** What each migration must leave behind (tables and views by name). */
const CREATES: Record<number, string[]> = {
  1: ['archive_rollup', 'archive_watermark'],
  2: ['temperature_data', 'humidity_data', 'co2_data', 'light_data', 'solar_data'],
  3: ['solar_energy_daily', 'solar_energy_monthly'],
  4: ['archive_rollup'],
  5: ['archive_period', 'archive_tariff'],
  6: ['daily_consumption', 'monthly_consumption', 'shift_production', 'daily_production', 'tracker_telemetry'],
};

describe('archive schema migrations on MariaDB', () => {
  let servers: ArchiveServers;
  const pools: Pool[] = [];

  beforeAll(async () => {
    servers = await ArchiveServers.start('migrations');
  }, 120_000);
  afterAll(async () => {
    await Promise.allSettled(pools.map((p) => p.end()));
    await servers?.stop();
  });

  async function freshPool(): Promise<Pool> {
    const pool = createPool({ uri: await servers.newDatabase(), timezone: 'Z', connectionLimit: 4 });
    pools.push(pool);
    return pool;
  }

  async function withConnection<T>(pool: Pool, run: (c: Awaited<ReturnType<Pool['getConnection']>>) => Promise<T>): Promise<T> {
    const connection = await pool.getConnection();
    try {
      return await run(connection);
    } finally {
      connection.release();
    }
  }

  async function objects(pool: Pool): Promise<string[]> {
    const [rows] = await pool.query<RowDataPacket[]>('SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE()');
    return rows.map((r) => String(r.name)).sort();
  }

  it('has versions 1, 2, 3… with names and at least one statement each', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    for (const m of MIGRATIONS) expect(m.name.length > 0 && m.statements.length > 0).toBe(true);
    expect(Object.keys(CREATES).map(Number)).toEqual(MIGRATIONS.map((m) => m.version));
  });

  it('applies each migration in turn; each one creates its objects, can run twice, and its views answer', { timeout: 60_000 }, async () => {
    const pool = await freshPool();
    for (const migration of MIGRATIONS) {
      const upTo = MIGRATIONS.filter((m) => m.version <= migration.version);
      expect(await withConnection(pool, (c) => migrate(c, upTo))).toEqual([migration.version]);
      const present = await objects(pool);
      for (const name of CREATES[migration.version]!) expect(present).toContain(name);
      // Statements must be safe to repeat: a migration cut short is run again from its start.
      for (const statement of migration.statements) await applyStatement(pool, statement);
      for (const name of CREATES[migration.version]!) await pool.query(`SELECT * FROM ${name} LIMIT 1`);
    }
    expect(await withConnection(pool, (c) => migrate(c, MIGRATIONS))).toEqual([]);
    const [history] = await pool.query<RowDataPacket[]>('SELECT version, checksum FROM schema_migrations ORDER BY version');
    expect(history.map((h) => [h.version, h.checksum])).toEqual(MIGRATIONS.map((m) => [m.version, checksumOf(m)]));
  });

  it('lets two bridges starting together apply everything exactly once', { timeout: 60_000 }, async () => {
    const pool = await freshPool();
    const results = await Promise.all([withConnection(pool, (c) => migrate(c, MIGRATIONS)), withConnection(pool, (c) => migrate(c, MIGRATIONS))]);
    expect(results.flat().sort()).toEqual(MIGRATIONS.map((m) => m.version));
  });

  it('refuses a database migrated by a newer bridge, and a migration edited after it was applied', { timeout: 60_000 }, async () => {
    const pool = await freshPool();
    await withConnection(pool, (c) => migrate(c, MIGRATIONS));
    const edited: Migration[] = MIGRATIONS.map((m) => (m.version === 2 ? { ...m, statements: [...m.statements, 'SELECT 1'] } : m));
    await expect(withConnection(pool, (c) => migrate(c, edited))).rejects.toThrow(/migration 2 \(views with the original table names\) was changed after it was applied/);
    await pool.query("INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (99, 'future', REPEAT('0', 64), UTC_TIMESTAMP(3))");
    const error = await withConnection(pool, (c) => migrate(c, MIGRATIONS)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationError);
    expect(String(error)).toMatch(/has migration 99, which this bridge does not know/);
  });

  it('stores rows that round-trip exactly, keys them uniquely, and never changes a final row', { timeout: 60_000 }, async () => {
    const pool = await freshPool();
    await withConnection(pool, (c) => migrate(c, MIGRATIONS));
    const store = new ArchiveStore();
    const row: WindowRow = {
      tier: '5m', site: 'demo', kind: 'temperature', device: 'Temp-1', field: 'value', windowStart: Date.UTC(2024, 4, 1), windowEnd: Date.UTC(2024, 4, 1, 0, 5),
      room: 'room1', count: 3, min: -0.1, max: 22.123456789012, sum: 44.1, mean: 14.7, first: 1.5, last: 22.123456789012,
      firstAt: Date.UTC(2024, 4, 1, 0, 0, 0, 1), lastAt: Date.UTC(2024, 4, 1, 0, 4, 59, 999), energyWh: null, increase: null, suspectCount: 0, peakAt: null, runtimeSeconds: null, cost: null, currency: null, final: false,
    };
    await store.upsert(pool, [row, { ...row, device: 'temp-1', count: 1 }]);
    await store.upsert(pool, [{ ...row, count: 4, final: true }]);
    expect(await store.rowsBetween(pool, '5m', row.windowStart, row.windowEnd)).toEqual(
      expect.arrayContaining([{ ...row, count: 4, final: true }, { ...row, device: 'temp-1', count: 1 }]),
    );
    await store.upsert(pool, [{ ...row, count: 99, final: false }]);
    const [again] = await store.queryWindows(pool, { tier: '5m', device: 'Temp-1', from: 0, to: Date.now(), limit: 10 });
    expect(again).toMatchObject({ count: 4, final: true });
    const [count] = await pool.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM archive_rollup');
    expect(count[0]!.n).toBe(2);
  });

  it('runs under MySQL 8’s default SQL mode (ONLY_FULL_GROUP_BY, strict): migrations, upserts and every view', { timeout: 60_000 }, async () => {
    const pool = await freshPool();
    await withConnection(pool, async (c) => {
      await c.query(`SET SESSION sql_mode = '${MYSQL8_SQL_MODE}'`);
      await migrate(c, MIGRATIONS);
      const day = Date.UTC(2024, 4, 1);
      const row = (field: string, tier: string, ms: number): WindowRow => ({
        tier, site: 'demo', kind: 'solar', device: 'solar-plant', field, windowStart: day, windowEnd: day + ms, room: null, count: 1, min: 1, max: 1,
        sum: 1, mean: 1, first: 1, last: 1, firstAt: day, lastAt: day, energyWh: field === 'power_w' ? 2 : null, increase: null, suspectCount: 0, peakAt: null, runtimeSeconds: null, cost: null, currency: null, final: true,
      });
      await new ArchiveStore().upsert(c, [row('power_w', '5m', 300_000), row('voltage', '5m', 300_000), row('power_w', '1d', 86_400_000)]);
      for (const name of Object.values(CREATES).flat()) await c.query(`SELECT * FROM ${name}`);
      const [solar] = await c.query<RowDataPacket[]>('SELECT power_w, voltage, `current`, energy_wh FROM solar_data');
      expect(solar).toEqual([{ power_w: 1, voltage: 1, current: null, energy_wh: 2 }]);
      const [monthly] = await c.query<RowDataPacket[]>('SELECT energy_wh, days FROM solar_energy_monthly');
      expect(monthly).toEqual([{ energy_wh: 2, days: 1 }]);
    });
  });

  it('keeps watermarks moving forward only', { timeout: 60_000 }, async () => {
    const pool = await freshPool();
    await withConnection(pool, (c) => migrate(c, MIGRATIONS));
    const store = new ArchiveStore();
    await store.advanceWatermark(pool, '5m', 600_000);
    await store.advanceWatermark(pool, '5m', 300_000);
    expect(await store.watermarks(pool)).toEqual(new Map([['5m', 600_000]]));
  });
});
