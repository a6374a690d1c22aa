import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startMariadb, type MariadbServer } from '@sensorplus/stack';
import { createConnection, type Connection } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Archive } from '../../bridge/src/archive/index.js';
import { Publisher } from '@sensorplus/simulator';
import { StackFixture, eventually } from '../../bridge/test/support/stack-fixture.js';
import { stackArchive } from './support/archive.js';
import { evaluateRule } from './support/alert-eval.js';
import { buildingDay } from './support/building-data.js';
import { connectMysql } from './support/clients.js';
import { describeEmpty, runDashboard, type Backends, type Selection } from './support/dashboard-runner.js';
import { PROVISIONING_DIR, loadAlertRules, loadDashboards } from './support/files.js';

/**
 * The Archive dashboard and the archive alert rule against a real MariaDB whose schema the
 * archive's own migrations created and whose rows the archive computed (runOnce) from a simulated
 * day and a quarter in InfluxDB, written there by the real bridge. Grafana's account is created by
 * the same SQL as provisioning/mysql/init and can only read.
 */

const DATABASE = 'sensorplus';

/** The SQL of the mysql init script, with its ${VARIABLES} filled in as the shell would. */
function readerSetupSql(env: Record<string, string>): string {
  const script = readFileSync(join(PROVISIONING_DIR, 'mysql/init/10-grafana-reader.sh'), 'utf8');
  const body = /<<SQL\n([\s\S]*?)\nSQL\n/.exec(script)?.[1];
  if (!body) throw new Error('no SQL here-document in the init script');
  return body.replace(/\\`/g, '`').replace(/\$\{(\w+)\}/g, (_m, name: string) => {
    if (env[name] === undefined) throw new Error(`init script uses ${name}, which the test does not set`);
    return env[name]!;
  });
}

describe('the Archive dashboard on a real MariaDB filled by the archive', () => {
  let stack: StackFixture;
  let mariadb: MariadbServer;
  let archive: Archive;
  let grafana: Connection;
  let root: Connection;
  let backends: Backends;
  const bridgePassword = randomBytes(12).toString('hex');
  const grafanaPassword = randomBytes(12).toString('hex');

  beforeAll(async () => {
    stack = await StackFixture.start('provisioning-archive');
    [mariadb] = await Promise.all([
      startMariadb({ dataDir: join(stack.dir, 'mariadb'), database: DATABASE, user: 'bridge', password: bridgePassword }),
      stack.startBridge({ RATE_LIMIT_PER_DEVICE: '0' }),
    ]);
    const data = buildingDay(Date.now(), 30);
    const publisher = await Publisher.connect(stack.publisherOptions());
    for (const message of data.messages) await publisher.publish(message.topic, message.payload);
    await publisher.close();
    await eventually(() => stack.countPoints(), (n) => n >= data.messages.length, { timeoutMs: 120_000 });

    archive = stackArchive(stack, { MYSQL_URL: `mysql://bridge:${bridgePassword}@127.0.0.1:${mariadb.port}/${DATABASE}` });
    await archive.runOnce();

    root = await createConnection({ socketPath: mariadb.socket, user: 'root', multipleStatements: true });
    await root.query(readerSetupSql({ MYSQL_GRAFANA_USER: 'grafana', MYSQL_GRAFANA_PASSWORD: grafanaPassword, MYSQL_DATABASE: DATABASE }));
    grafana = await connectMysql(`mysql://grafana:${grafanaPassword}@127.0.0.1:${mariadb.port}/${DATABASE}`);
    backends = { mysql: { connection: grafana, minIntervalMs: 1 } };
  }, 240_000);

  afterAll(async () => {
    await grafana?.end().catch(() => undefined);
    await root?.end().catch(() => undefined);
    await archive?.stop();
    await mariadb?.stop();
    await stack?.stop();
  });

  const archiveDashboard = () => loadDashboards().find((d) => d.dashboard.uid === 'sensorplus-archive')!.dashboard;

  it.each<[string, Selection]>([
    ['as it opens (temperature, temp-1)', {}],
    ['for the solar plant', { kind: ['solar'], device: ['solar-plant'] }],
    ['for CO₂ in room 3', { kind: ['co2'], device: ['co2-3'] }],
  ])('every query returns rows %s', async (_name, selection) => {
    const { outcomes, variables } = await runDashboard(archiveDashboard(), backends, Date.now(), selection);
    expect(outcomes.length).toBeGreaterThanOrEqual(10);
    expect(describeEmpty(outcomes)).toEqual([]);
    if (selection.device) expect(variables.device!.values).toEqual(selection.device);
  });

  it('its variables offer what the archive holds', async () => {
    const { options } = await runDashboard(archiveDashboard(), backends, Date.now());
    expect(options.site).toEqual(['demo']);
    expect(options.kind).toEqual(['co2', 'humidity', 'light', 'solar', 'temperature']);
    expect(options.device).toEqual(['temp-1', 'temp-2', 'temp-3', 'temp-4', 'temp-5']);
  });

  it('the daily solar energy agrees with the 5-minute windows it is made of', async () => {
    const [daily] = await grafana.query<Array<{ day: Date; energy_wh: number } & import('mysql2').RowDataPacket>>(
      'SELECT day, energy_wh FROM solar_energy_daily ORDER BY day',
    );
    expect(daily.length).toBeGreaterThanOrEqual(2);
    for (const { day, energy_wh } of daily) {
      const [[sum]] = await grafana.query<Array<{ total: number } & import('mysql2').RowDataPacket>>(
        'SELECT SUM(energy_wh) AS total FROM solar_data WHERE recorded_at >= ? AND recorded_at < ? + INTERVAL 1 DAY',
        [day, day],
      );
      expect(energy_wh).toBeCloseTo(Number(sum!.total ?? 0), 3);
    }
  });

  it("Grafana's account can read but not write", async () => {
    await expect(grafana.query("DELETE FROM archive_rollup WHERE tier = '5m'")).rejects.toThrow(/denied/i);
    await expect(grafana.query('SELECT COUNT(*) FROM temperature_data')).resolves.toBeDefined();
  });

  it('the archive lag alert stays quiet after a catch-up and fires for a tier that stopped', async () => {
    const rule = loadAlertRules()
      .groups.flatMap((g) => g.rules)
      .find((r) => r.uid === 'sensorplus-archive-lagging')!;
    const healthy = await evaluateRule(rule, { mysql: grafana }, Date.now());
    // The three tiers and the local periods' watermark.
    expect(healthy.seriesCount).toBe(4);
    expect(healthy.firing).toEqual([]);

    await root.query(`UPDATE ${DATABASE}.archive_watermark SET final_until = UTC_TIMESTAMP() - INTERVAL 3 HOUR WHERE tier = '5m'`);
    const behind = await evaluateRule(rule, { mysql: grafana }, Date.now());
    expect(behind.firing).toEqual([{ tier: '5m' }]);
  });
});
