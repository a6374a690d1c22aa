import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Publisher } from '@sensorplus/simulator';
import { StackFixture, eventually } from '../../bridge/test/support/stack-fixture.js';
import { evaluateRule } from './support/alert-eval.js';
import { PROBLEMS, buildingDay, type BuildingData } from './support/building-data.js';
import { InfluxClient } from './support/clients.js';
import { describeEmpty, runDashboard, type Backends, type Selection } from './support/dashboard-runner.js';
import { PROVISIONING_DIR, datasourceTimeIntervalMs, loadAlertRules, loadDashboards, panelQueries } from './support/files.js';

/**
 * Every InfluxQL query of the dashboards and alert rules, run against a real InfluxDB holding a
 * simulated day of the reference building, written by the real bridge from real MQTT messages.
 */

const INFLUX_UID = 'sensorplus-influxdb';
/** The building's dashboards and rules; the device families' have their own test (families-queries.test.ts). */
const BUILDING_DASHBOARDS = ['sensorplus-building', 'sensorplus-device'];
const BUILDING_RULE_GROUP = 'sensorplus-devices';

function influxDashboards() {
  return loadDashboards().filter(({ dashboard }) => BUILDING_DASHBOARDS.includes(dashboard.uid));
}

function buildingRules() {
  return loadAlertRules().groups.filter((g) => g.name === BUILDING_RULE_GROUP).flatMap((g) => g.rules);
}

describe('InfluxQL of dashboards and alert rules on real data', () => {
  let stack: StackFixture;
  let influx: InfluxClient;
  let backends: Backends;
  let data: BuildingData;
  let now: number;

  beforeAll(async () => {
    stack = await StackFixture.start('provisioning-influx');
    await stack.startBridge({ RATE_LIMIT_PER_DEVICE: '0' });
    now = Date.now();
    data = buildingDay(now);
    const publisher = await Publisher.connect(stack.publisherOptions());
    for (const message of data.messages) await publisher.publish(message.topic, message.payload);
    await publisher.close();
    const stored = await eventually(() => stack.countPoints(), (n) => n >= data.messages.length, { timeoutMs: 90_000 });
    expect(stored).toBe(data.messages.length);
    influx = new InfluxClient(stack.influx.url, 'sensorplus');
    backends = { influx: { client: influx, minIntervalMs: datasourceTimeIntervalMs(INFLUX_UID) } };
  }, 180_000);

  afterAll(async () => stack?.stop());

  it('has dashboards and alert rules on InfluxDB to test', () => {
    for (const { dashboard } of influxDashboards()) expect(panelQueries(dashboard).some((q) => q.datasourceUid === INFLUX_UID)).toBe(true);
    expect(influxDashboards()).toHaveLength(BUILDING_DASHBOARDS.length);
    const rules = buildingRules();
    expect(rules.length).toBeGreaterThanOrEqual(4);
    for (const rule of rules) expect(rule.data.some((q) => q.datasourceUid === INFLUX_UID)).toBe(true);
  });

  it.each(influxDashboards().map((d) => [d.dashboard.uid, d.dashboard] as const))(
    '%s: every query returns rows with the dashboard as it opens',
    async (_uid, dashboard) => {
      const { outcomes } = await runDashboard(dashboard, backends, Date.now());
      expect(outcomes.length).toBeGreaterThan(0);
      expect(describeEmpty(outcomes)).toEqual([]);
    },
  );

  const deviceSelections: Array<[string, Selection]> = [
    ['a thermometer', { device: ['temp-1'] }],
    ['the solar plant (no room)', { device: ['solar-plant'] }],
    ['every device of room2', { room: ['room2'], device: 'all' }],
    ['two devices at once', { device: ['temp-1', 'co2-3'] }],
    ['all devices of all rooms', { room: 'all', device: 'all' }],
  ];

  it.each(deviceSelections)('device detail: every query returns rows for %s', async (_name, selection) => {
    const device = loadDashboards().find((d) => d.dashboard.uid === 'sensorplus-device')!.dashboard;
    const { outcomes, variables } = await runDashboard(device, backends, Date.now(), selection);
    expect(describeEmpty(outcomes)).toEqual([]);
    if (Array.isArray(selection.device)) expect(variables.device!.values).toEqual(selection.device);
  });

  it('device detail variables list the sites, rooms and devices that exist', async () => {
    const device = loadDashboards().find((d) => d.dashboard.uid === 'sensorplus-device')!.dashboard;
    const { options } = await runDashboard(device, backends, Date.now(), { room: 'all' });
    expect(options.site).toEqual(['demo']);
    expect(options.room).toEqual(['room1', 'room2', 'room3', 'room4', 'room5']);
    // "All" rooms is `.*`, which also matches the solar plant that has no room tag.
    expect(options.device).toEqual([...data.devices].sort());
    const room2 = await runDashboard(device, backends, Date.now(), { room: ['room2'] });
    expect(room2.options.device).toEqual(['co2-2', 'hum-2', 'light-2', 'temp-2']);
  });

  it('the building panel gets the last reading of every device, with its room', async () => {
    const building = loadDashboards().find((d) => d.dashboard.uid === 'sensorplus-building')!.dashboard;
    const panel = building.panels.find((p) => p.type === 'sensorplus-building-panel')!;
    const { outcomes } = await runDashboard(building, backends, Date.now());
    const panelOutcomes = outcomes.filter((o) => o.query.panel === panel);
    expect(panelOutcomes).toHaveLength(5);
    const seen = new Map<string, string>();
    for (const outcome of panelOutcomes) {
      for (const series of await influx.query(outcome.expanded)) seen.set(series.tags.device!, series.tags.room ?? '');
    }
    expect([...seen.keys()].sort()).toEqual([...data.devices].sort());
    for (const [device, room] of data.rooms) expect(seen.get(device)).toBe(room);
    expect(seen.get('solar-plant')).toBe('');
  });

  it('every InfluxDB alert query returns series on healthy devices too', async () => {
    for (const rule of buildingRules()) {
      const evaluation = await evaluateRule(rule, { influx }, Date.now());
      expect({ rule: rule.uid, series: evaluation.seriesCount > 0 }).toEqual({ rule: rule.uid, series: true });
    }
  });

  it.each([
    ['sensorplus-device-offline', PROBLEMS.silentDevice],
    ['sensorplus-co2-high', PROBLEMS.highCo2Device],
    ['sensorplus-temperature-comfort', PROBLEMS.hotDevice],
    ['sensorplus-humidity-range', PROBLEMS.humidDevice],
  ])('%s fires for %s and for no other device', async (uid, device) => {
    const rule = buildingRules().find((r) => r.uid === uid);
    expect(rule, `rule ${uid}`).toBeDefined();
    const evaluation = await evaluateRule(rule!, { influx }, Date.now());
    expect(evaluation.firing.map((labels) => labels.device)).toEqual([device]);
    const labels = evaluation.firing[0]!;
    expect(labels.site).toBe('demo');
    expect(labels.room).toBe(data.rooms.get(device));
  });

  it("the influxdb container's init script sets a valid retention policy", async () => {
    const script = readFileSync(join(PROVISIONING_DIR, 'influxdb/init/10-retention.sh'), 'utf8');
    const statement = /^\$INFLUX_CMD "(.*)"$/m
      .exec(script)![1]!.replace(/\\"/g, '"')
      .replace('${INFLUXDB_DB}', 'sensorplus')
      .replace('${INFLUX_RETENTION:-90d}', '30d');
    await influx.query(statement);
    const policies = await influx.query('SHOW RETENTION POLICIES ON "sensorplus"');
    const columns = policies[0]!.columns;
    const autogen = policies[0]!.values.find((row) => row[0] === 'autogen')!;
    expect(autogen[columns.indexOf('duration')]).toBe('720h0m0s');
    expect(autogen[columns.indexOf('shardGroupDuration')]).toBe('24h0m0s');
    expect(autogen[columns.indexOf('default')]).toBe(true);
  });
});
