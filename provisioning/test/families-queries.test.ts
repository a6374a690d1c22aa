import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { startMariadb, type MariadbServer } from '@sensorplus/stack';
import { createPool, type Connection, type Pool, type RowDataPacket } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Publisher } from '@sensorplus/simulator';
import type { Archive } from '../../bridge/src/archive/index.js';
import { migrate } from '../../bridge/src/archive/mysql/migrate.js';
import { MIGRATIONS } from '../../bridge/src/archive/mysql/migrations.js';
import type { BridgeProcess } from '../../bridge/test/support/bridge-process.js';
import { StackFixture, eventually } from '../../bridge/test/support/stack-fixture.js';
import { stackArchive } from './support/archive.js';
import type { AlertRule } from '../src/alerting/model.js';
import { evaluateRule, type RuleEvaluation } from './support/alert-eval.js';
import { InfluxClient, connectMysql } from './support/clients.js';
import { describeEmpty, runDashboard, type Backends, type Selection } from './support/dashboard-runner.js';
import { FAULTS, SITE, TARIFF, familyDay, plugLine, type FamilyData, type FamilyLimits } from './support/family-data.js';
import { allPanels, datasourceTimeIntervalMs, loadAlertRules, loadDashboards, panelQueries, type DashboardJson } from './support/files.js';

/**
 * The Solar tracker, Smart plug and Production dashboards and the device families' alert rules
 * against real databases: a day of simulated trackers and machines through real Mosquitto and the
 * real bridge, plugs through the bridge's HTTP ingest (their past written straight to InfluxDB in
 * the same shape, since the plug's readings are stamped on arrival), and the archive's own
 * migrations and run filling a real MariaDB, with the multiplug owners' tariff in force. One stack
 * for the file; each rule must fire for exactly its planted fault.
 */

const DATABASE = 'sensorplus';
const INGEST_TOKEN = randomBytes(16).toString('hex');
const MINUTE = 60_000;

const RULE_GROUP = 'sensorplus-families';
const rules = () => loadAlertRules().groups.find((g) => g.name === RULE_GROUP)?.rules ?? [];
const ruleNamed = (uid: string): AlertRule => {
  const rule = rules().find((r) => r.uid === uid);
  if (!rule) throw new Error(`no rule ${uid} in group ${RULE_GROUP}`);
  return rule;
};

/** The rule's threshold as provisioned, so the planted faults follow the limits. */
function thresholdOf(uid: string): number {
  const model = ruleNamed(uid).data.find((q) => q.model.type === 'threshold')!.model as unknown as { conditions: Array<{ evaluator: { params: number[] } }> };
  return model.conditions[0]!.evaluator.params[0]!;
}

const dashboardNamed = (uid: string): DashboardJson => loadDashboards().find((d) => d.dashboard.uid === uid)!.dashboard;

/** Instances of a rule as `device port` (plugs) or `device` / `machine`. */
function firing(evaluation: RuleEvaluation): string[] {
  return evaluation.firing.map((l) => [l.device ?? l.machine, l.port].filter((v) => v !== undefined).join(' ')).sort();
}

describe('the device families on dashboards and alert rules, against real databases', () => {
  let stack: StackFixture;
  let bridge: BridgeProcess;
  let mariadb: MariadbServer;
  let pool: Pool;
  let archive: Archive;
  let grafana: Connection;
  let influx: InfluxClient;
  let backends: Backends;
  let data: FamilyData;
  /**
   * When the archive had run: "now" for the dashboards and for the status rule (status points are
   * stamped on arrival). Rules on the simulated readings are evaluated at their end, data.now, so a
   * slow setup cannot move their windows.
   */
  let now: number;
  const password = randomBytes(12).toString('hex');

  beforeAll(async () => {
    stack = await StackFixture.start('provisioning-families');
    [mariadb, bridge] = await Promise.all([
      startMariadb({ dataDir: join(stack.dir, 'mariadb'), database: DATABASE, user: 'bridge', password }),
      stack.startBridge({ RATE_LIMIT_PER_DEVICE: '0', INGEST_TOKENS: `multiplug:${INGEST_TOKEN}`, LOG_LEVEL: 'warn' }),
    ]);
    const limits: FamilyLimits = {
      highUsageW: thresholdOf('sensorplus-plug-high-usage'),
      peakUsageW: thresholdOf('sensorplus-plug-peak-usage'),
      highCostPerDay: thresholdOf('sensorplus-plug-high-cost'),
      batteryLowPct: thresholdOf('sensorplus-tracker-battery-low'),
      defectRate: thresholdOf('sensorplus-machine-defect-rate'),
    };
    data = familyDay(Date.now(), limits);
    influx = new InfluxClient(stack.influx.url, 'sensorplus');

    // The plugs' present through the real ingest endpoint first: it fixes the field types, so a
    // history line of another shape would be refused by InfluxDB below.
    for (const { device, readings } of data.plugNow) {
      const response = await fetch(`${bridge.httpUrl}/api/ingest/multiplug?device=${device}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${INGEST_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify(readings),
      });
      expect(response.status).toBe(202);
    }
    const publisher = await Publisher.connect(stack.publisherOptions());
    for (const message of data.mqtt) await publisher.publish(message.topic, message.payload, undefined, { retain: message.retain ?? false });
    await publisher.close();
    const livePlugPoints = data.plugNow.length * 4;
    const telemetry = data.mqtt.filter((m) => !m.retain).length;
    const stored = await eventually(
      () => Promise.all([stack.countPoints('/^(solar_tracker|production_machine)$/'), stack.countPoints('/^multiplug$/'), stack.countPoints('/^device_status$/')]),
      ([families, plugs, status]) => families >= telemetry && plugs >= livePlugPoints && status >= data.trackers.length + 1,
      { timeoutMs: 120_000 },
    );
    expect(stored).toEqual([telemetry, livePlugPoints, expect.any(Number)]);
    const lines = data.plugHistory.map(({ device, ts, reading }) => plugLine(device, ts, reading));
    for (let i = 0; i < lines.length; i += 5000) await influx.write(lines.slice(i, i + 5000));

    // The archive's own schema, the owners' tariff for every site, then the archive's run.
    const mysqlUrl = `mysql://bridge:${password}@127.0.0.1:${mariadb.port}/${DATABASE}`;
    pool = createPool({ uri: mysqlUrl, timezone: 'Z' });
    const connection = await pool.getConnection();
    await migrate(connection, MIGRATIONS);
    await connection.query(
      "INSERT INTO archive_tariff (site, effective_from, currency, rate, peak_rate, peak_start, peak_end, created_at) VALUES ('*', '2000-01-01 00:00:00', ?, ?, ?, ?, ?, UTC_TIMESTAMP(3))",
      [TARIFF.currency, TARIFF.rate, TARIFF.peakRate, TARIFF.peakStart, TARIFF.peakEnd],
    );
    connection.release();
    archive = stackArchive(stack, { MYSQL_URL: mysqlUrl, ARCHIVE_TIME_ZONE: data.zone });
    await archive.runOnce();
    now = Date.now();
    // Grafana's view of MySQL: session time zone +00:00 (its account's grants are the archive test's business).
    grafana = await connectMysql(mysqlUrl);
    backends = {
      influx: { client: influx, minIntervalMs: datasourceTimeIntervalMs('sensorplus-influxdb') },
      mysql: { connection: grafana, minIntervalMs: 1 },
    };
  }, 300_000);

  afterAll(async () => {
    await grafana?.end().catch(() => undefined);
    await pool?.end().catch(() => undefined);
    await archive?.stop();
    await mariadb?.stop();
    await stack?.stop();
  });

  describe('dashboards', () => {
    it.each<[string, string, Selection]>([
      ['sensorplus-solar-tracker', 'as it opens (tracker-1)', {}],
      ['sensorplus-solar-tracker', 'for the tracker that went offline', { device: [FAULTS.offline] }],
      ['sensorplus-smart-plug', 'as it opens (plug-1)', {}],
      ['sensorplus-smart-plug', 'for plug-3', { device: ['plug-3'] }],
      ['sensorplus-production', 'as it opens (machine)', {}],
      ['sensorplus-production', 'for machine-2', { machine: [FAULTS.defects] }],
    ])('%s: every query returns rows %s', async (uid, _name, selection) => {
      const { outcomes, variables } = await runDashboard(dashboardNamed(uid), backends, now, selection);
      expect(outcomes.length).toBeGreaterThanOrEqual(8);
      expect(describeEmpty(outcomes)).toEqual([]);
      for (const [name, values] of Object.entries(selection)) expect(variables[name]!.values).toEqual(values);
    });

    it('their variables offer the site and the devices that exist', async () => {
      const options = async (uid: string) => (await runDashboard(dashboardNamed(uid), backends, now)).options;
      expect(await options('sensorplus-solar-tracker')).toEqual({ site: [SITE], device: data.trackers });
      expect(await options('sensorplus-smart-plug')).toEqual({ site: [SITE], device: data.plugs });
      expect(await options('sensorplus-production')).toEqual({ site: [SITE], machine: [...data.machines].sort() });
    });

    it('show the switches and the counters, with data', async () => {
      const shown = new Map<string, boolean>();
      for (const uid of ['sensorplus-solar-tracker', 'sensorplus-smart-plug', 'sensorplus-production']) {
        const { outcomes } = await runDashboard(dashboardNamed(uid), backends, now);
        for (const field of ['manual', 'steady', 'relay_on', 'cumulative_production', 'cumulative_defects', 'online']) {
          for (const o of outcomes.filter((o) => o.query.text.includes(`"${field}"`))) shown.set(field, (shown.get(field) ?? false) || o.hasRows);
        }
      }
      expect(Object.fromEntries(shown)).toEqual({ manual: true, steady: true, relay_on: true, cumulative_production: true, cumulative_defects: true, online: true });
    });

    it('stat panels of a switch or a status word name their field (a stat shows numeric fields only by default)', async () => {
      let checked = 0;
      for (const uid of ['sensorplus-solar-tracker', 'sensorplus-smart-plug', 'sensorplus-production']) {
        const { outcomes } = await runDashboard(dashboardNamed(uid), backends, now);
        for (const outcome of outcomes.filter((o) => o.query.panel.type === 'stat' && o.query.datasourceUid === 'sensorplus-influxdb')) {
          for (const series of await influx.query(outcome.expanded)) {
            series.columns.forEach((column, i) => {
              if (column === 'time' || series.values.every((row) => typeof row[i] === 'number' || row[i] === null)) return;
              // Grafana names an InfluxQL value field `measurement.column`; the pattern must pick it and not the time.
              const fields = String((outcome.query.panel.options?.reduceOptions as { fields?: string } | undefined)?.fields ?? '');
              const pattern = /^\/(.*)\/$/.exec(fields)?.[1];
              expect({ panel: outcome.query.panel.title, pattern }).toEqual({ panel: outcome.query.panel.title, pattern: expect.any(String) });
              expect(new RegExp(pattern!).test(`${series.name}.${column}`)).toBe(true);
              expect(new RegExp(pattern!).test('Time')).toBe(false);
              checked++;
            });
          }
        }
      }
      expect(checked).toBeGreaterThanOrEqual(3);
    });

    it("today's plug energy and cost are the archive's for the site's local day", async () => {
      const plug = dashboardNamed('sensorplus-smart-plug');
      const today = allPanels(plug).find((p) => p.title === 'Today per port')!;
      const { outcomes } = await runDashboard(plug, backends, now);
      const outcome = outcomes.find((o) => o.query.panel.id === today.id)!;
      const [rows] = await grafana.query<RowDataPacket[]>(outcome.expanded);
      expect(rows.map((r) => Number(r.port))).toEqual([1, 2, 3, 4]);
      // Independently, from the port's readings in InfluxDB (trapezoids): energy since local midnight,
      // and its cost at the off-peak rate before 18:00 and the peak rate after (readings lie on the hour).
      const kwh = async (from: number, to: number) => {
        const [series] = await influx.query(
          `SELECT integral("power", 1h) FROM "multiplug" WHERE "device" = 'plug-1' AND "port" = '4' AND time >= ${from}ms AND time <= ${to}ms`,
        );
        return Number(series?.values[0]?.[1] ?? 0) / 1000;
      };
      const peakStart = data.localMidnight + Number(TARIFF.peakStart.slice(0, 2)) * 3_600_000;
      const [offPeak, peak] = [await kwh(data.localMidnight, peakStart), await kwh(peakStart, now)];
      const port4 = rows.find((r) => Number(r.port) === 4)!;
      expect(Number(port4.energy_kwh) / (offPeak + peak)).toBeCloseTo(1, 3);
      expect(port4.currency).toBe(TARIFF.currency);
      expect(Number(port4.cost)).toBeCloseTo(offPeak * TARIFF.rate + peak * TARIFF.peakRate, 1);
      expect(Number(port4.cost)).toBeGreaterThan(thresholdOf('sensorplus-plug-high-cost'));
    });
  });

  describe('alert rules', () => {
    it('are the six families rules, each on a datasource with data', () => {
      expect(rules().map((r) => r.uid).sort()).toEqual([
        'sensorplus-machine-defect-rate',
        'sensorplus-plug-high-cost',
        'sensorplus-plug-high-usage',
        'sensorplus-plug-peak-usage',
        'sensorplus-tracker-battery-low',
        'sensorplus-tracker-offline',
      ]);
    });

    it('HIGH_USAGE fires for the port above the limit (off-peak, at local 16:00) and for no port now', async () => {
      const rule = ruleNamed('sensorplus-plug-high-usage');
      const then = await evaluateRule(rule, { influx }, data.highUsageAt);
      expect(then.seriesCount).toBe(data.plugs.length * 4);
      expect(firing(then)).toEqual([`${FAULTS.highUsage.device} ${FAULTS.highUsage.port}`]);
      const current = await evaluateRule(rule, { influx }, data.now);
      expect(current.seriesCount).toBe(data.plugs.length * 4);
      expect(firing(current)).toEqual([]);
    });

    it('PEAK_USAGE fires for the port above 500 W in peak hours, not for a higher load outside them', async () => {
      const rule = ruleNamed('sensorplus-plug-peak-usage');
      const current = await evaluateRule(rule, { mysql: grafana }, data.now);
      expect(current.seriesCount).toBeGreaterThanOrEqual(data.plugs.length * 4);
      expect(firing(current)).toEqual([`${FAULTS.peakUsage.device} ${FAULTS.peakUsage.port}`]);
      // At local 16:00 the HIGH_USAGE port's 5-minute mean is far above 500 W, but it is not peak time.
      const [[window]] = await grafana.query<RowDataPacket[]>(
        "SELECT value_mean FROM archive_rollup WHERE tier = '5m' AND kind = 'multiplug' AND field = 'power' AND device = ? AND window_start = FROM_UNIXTIME(?)",
        [`${FAULTS.highUsage.device}.port${FAULTS.highUsage.port}`, (data.highUsageAt - 5 * MINUTE) / 1000],
      );
      expect(Number(window!.value_mean)).toBeGreaterThan(thresholdOf('sensorplus-plug-peak-usage'));
      const offPeak = await evaluateRule(rule, { mysql: grafana }, data.highUsageAt);
      expect(firing(offPeak)).toEqual([]);
    });

    it("HIGH_COST fires for the port whose cost today is above the limit, and not on yesterday's local day", async () => {
      const rule = ruleNamed('sensorplus-plug-high-cost');
      const today = await evaluateRule(rule, { mysql: grafana }, data.now);
      expect(today.seriesCount).toBe(data.plugs.length * 4);
      expect(firing(today)).toEqual([`${FAULTS.highCost.device} ${FAULTS.highCost.port}`]);
      expect(today.firing[0]).toMatchObject({ site: SITE, currency: TARIFF.currency });
      const yesterday = await evaluateRule(rule, { mysql: grafana }, data.localMidnight - 30 * MINUTE);
      expect(yesterday.seriesCount).toBe(data.plugs.length * 4);
      expect(firing(yesterday)).toEqual([]);
    });

    it('tracker battery low fires for the tracker with the low battery only', async () => {
      const evaluation = await evaluateRule(ruleNamed('sensorplus-tracker-battery-low'), { influx }, data.now);
      expect(evaluation.seriesCount).toBe(data.trackers.length);
      expect(firing(evaluation)).toEqual([FAULTS.batteryLow]);
    });

    it('tracker offline fires for the tracker whose last status says offline only', async () => {
      const status = await influx.query(`SELECT count("online") FROM "device_status" WHERE "profile" = 'solar-tracker' GROUP BY "device"`);
      expect(status.map((s) => s.tags.device).sort()).toEqual(data.trackers);
      const evaluation = await evaluateRule(ruleNamed('sensorplus-tracker-offline'), { influx }, now);
      expect(firing(evaluation)).toEqual([FAULTS.offline]);
      expect(evaluation.firing[0]).toMatchObject({ site: SITE });
    });

    it('defect rate fires for the machine over the limit in the current shift, and not in the shift before', async () => {
      const rule = ruleNamed('sensorplus-machine-defect-rate');
      const current = await evaluateRule(rule, { influx }, data.now);
      expect(current.seriesCount).toBe(data.machines.length);
      expect(firing(current)).toEqual([FAULTS.defects]);
      const before = await evaluateRule(rule, { influx }, data.shiftStart - 5 * MINUTE);
      expect(before.seriesCount).toBe(data.machines.length);
      expect(firing(before)).toEqual([]);
      // The archive agrees: the current shift of that machine is over the limit, the others are not.
      const [shifts] = await grafana.query<RowDataPacket[]>(
        'SELECT machine_id, defect_rate FROM shift_production WHERE shift_start = FROM_UNIXTIME(?) ORDER BY machine_id',
        [data.shiftStart / 1000],
      );
      expect(shifts.filter((s) => Number(s.defect_rate) > thresholdOf('sensorplus-machine-defect-rate')).map((s) => s.machine_id)).toEqual([FAULTS.defects]);
      expect(shifts).toHaveLength(data.machines.length);
    });
  });

  it('every families dashboard query and rule ran on a datasource the test has', () => {
    for (const uid of ['sensorplus-solar-tracker', 'sensorplus-smart-plug', 'sensorplus-production']) {
      for (const q of panelQueries(dashboardNamed(uid))) expect(['sensorplus-influxdb', 'sensorplus-mysql']).toContain(q.datasourceUid);
    }
    for (const rule of rules()) for (const q of rule.data) expect(['sensorplus-influxdb', 'sensorplus-mysql', '__expr__']).toContain(q.datasourceUid);
  });
});
