import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { findFreePort, startMariadb, startPrometheus, type ManagedServer } from '@sensorplus/stack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BridgeProcess } from '../../bridge/test/support/bridge-process.js';
import { StackFixture, eventually } from '../../bridge/test/support/stack-fixture.js';
import { evaluateRule } from './support/alert-eval.js';
import { PrometheusClient } from './support/clients.js';
import { describeEmpty, runDashboard, type QueryOutcome } from './support/dashboard-runner.js';
import { PROMETHEUS_DIR, alertRulesOn, loadDashboards, readYaml } from './support/files.js';
import { LiveTraffic } from './support/live-traffic.js';
import { TEST_SCRAPE_INTERVAL_MS, renderTestConfig } from './support/prometheus-config.js';

/**
 * A real Prometheus scrapes the real bridge (test copy of prometheus.yml, 1 s intervals), with its
 * MySQL archive on a real MariaDB, while the reference building publishes in real time. InfluxDB is
 * stopped for a while, so that write errors, a filling queue, backpressure and failing archive runs
 * happen for real; then every PromQL query of the dashboards and the alert rules runs against what
 * Prometheus recorded.
 */

const PROM_UID = 'sensorplus-prometheus';
const QUEUE_LIMIT = 300;

describe('PromQL of dashboards and alert rules against a real Prometheus scraping the bridge', () => {
  let stack: StackFixture;
  let bridge: BridgeProcess;
  let prometheus: ManagedServer;
  let prom: PrometheusClient;
  let traffic: LiveTraffic;
  let mariadb: ManagedServer;
  const firing: Record<'healthy' | 'outage', Record<string, string[]>> = { healthy: {}, outage: {} };
  let ruleStates: Record<string, string> = {};
  let outcomes: QueryOutcome[] = [];

  const value = async (expr: string): Promise<number> => Number((await prom.instant(expr, Date.now()))[0]?.values[0]?.[1] ?? Number.NaN);
  const backends = () => ({ prometheus: { client: prom, scrapeIntervalMs: TEST_SCRAPE_INTERVAL_MS } });

  async function evaluateAll(phase: 'healthy' | 'outage'): Promise<void> {
    for (const rule of alertRulesOn(PROM_UID)) {
      const evaluation = await evaluateRule(rule, backends(), Date.now());
      expect({ rule: rule.uid, series: evaluation.seriesCount > 0 }).toEqual({ rule: rule.uid, series: true });
      firing[phase][rule.uid] = evaluation.firing.map((labels) => labels.instance ?? '');
    }
  }

  beforeAll(async () => {
    stack = await StackFixture.start('provisioning-prom');
    const password = randomBytes(12).toString('hex');
    mariadb = await startMariadb({ dataDir: join(stack.dir, 'mariadb'), database: 'sensorplus', user: 'bridge', password });
    bridge = await stack.startBridge({
      QUEUE_MAX_MESSAGES: String(QUEUE_LIMIT),
      INFLUX_TIMEOUT_MS: '2000',
      // The bridge runs the archive itself and exposes its metrics; short intervals for a test of a minute.
      MYSQL_URL: mariadb.url,
      ARCHIVE_INTERVAL_SECONDS: '1',
      ARCHIVE_GRACE_SECONDS: '0',
    });
    const promPort = await findFreePort();
    const configFile = renderTestConfig(join(stack.dir, 'prometheus-config'), {
      'sensorplus-bridge': [`127.0.0.1:${bridge.httpPort}`],
      prometheus: [`127.0.0.1:${promPort}`],
    });
    prometheus = await startPrometheus({ dataDir: join(stack.dir, 'prometheus'), configFile, port: promPort });
    prom = new PrometheusClient(prometheus.url);
    traffic = new LiveTraffic(stack.publisherOptions());
    await traffic.start();

    // Healthy: data flows and is archived, Prometheus has rates and histograms to work with.
    await eventually(() => value('sum(rate(sensorplus_sink_points_written_total[5s]))'), (v) => v > 0, { timeoutMs: 30_000 });
    await eventually(() => value('min(sensorplus_archive_up)'), (v) => v === 1, { timeoutMs: 30_000 });
    await sleep(5000);
    await evaluateAll('healthy');

    // Outage: InfluxDB stops; writes and archive runs fail, and the queue fills up to backpressure.
    await stack.influx.stop();
    const filled = await eventually(
      async () => [
        await value('max(sensorplus_queue_depth_messages / sensorplus_queue_limit_messages)'),
        await value('min(sensorplus_sink_up)'),
        await value('max(sensorplus_archive_up)'),
      ],
      ([fill, up, archiveUp]) => fill! > 0.8 && up === 0 && archiveUp === 0,
      { timeoutMs: 60_000 },
    );
    expect(filled).toEqual([expect.any(Number), 0, 0]);
    expect(filled[0]).toBeGreaterThan(0.8);
    await sleep(2000); // a few rule evaluations at 1 s
    await evaluateAll('outage');
    ruleStates = Object.fromEntries((await prom.rules()).filter((r) => r.type === 'alerting').map((r) => [r.name, r.state ?? '']));

    // Recovery: InfluxDB returns, the queue drains.
    await stack.influx.restart();
    await eventually(
      async () => [await value('max(sensorplus_queue_depth_messages)'), await value('min(sensorplus_sink_up)')],
      ([depth, up]) => depth === 0 && up === 1,
      { timeoutMs: 90_000 },
    );
    await sleep(3000);
    await traffic.stop();

    const health = loadDashboards().find((d) => d.dashboard.uid === 'sensorplus-bridge')!.dashboard;
    outcomes = (await runDashboard(health, backends(), Date.now())).outcomes;
  }, 240_000);

  afterAll(async () => {
    await traffic?.stop().catch(() => undefined);
    await prometheus?.stop();
    // A bridge stopped while InfluxDB is away may wait for its writes: do not wait forever.
    if (bridge) await Promise.race([bridge.stop(), sleep(15_000)]).then(() => (bridge.running ? bridge.kill() : undefined));
    await mariadb?.stop();
    await stack?.stop();
  });

  it('scrapes the bridge, archive metrics included, with the shipped job name and labels', async () => {
    const instance = `127.0.0.1:${bridge.httpPort}`;
    const up = await prom.instant('up{job="sensorplus-bridge"}', Date.now());
    const byInstance = Object.fromEntries(up.map((s) => [s.metric.instance, s.values[0]?.[1]]));
    expect(byInstance).toEqual({ [instance]: '1' });
    expect(up.every((s) => s.metric.service === 'bridge')).toBe(true);
    const lag = await prom.instant('sensorplus_archive_watermark_lag_seconds{job="sensorplus-bridge"}', Date.now());
    expect(lag.map((s) => [s.metric.instance, s.metric.tier]).sort()).toEqual([[instance, '1d'], [instance, '1h'], [instance, '5m']]);
  });

  it('every query of the Bridge health dashboard returns rows', () => {
    expect(outcomes.length).toBeGreaterThanOrEqual(20);
    expect(describeEmpty(outcomes)).toEqual([]);
  });

  it('every recording rule produces series', async () => {
    const groups = readYaml<{ groups: Array<{ rules: Array<{ record?: string }> }> }>(join(PROMETHEUS_DIR, 'rules/sensorplus-recording.yml')).groups;
    const names = groups.flatMap((g) => g.rules.map((r) => r.record).filter((r): r is string => r !== undefined));
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) {
      const series = await prom.range(name, Date.now() - 120_000, Date.now(), 1000);
      expect({ name, series: series.length > 0 }).toEqual({ name, series: true });
    }
  });

  it('no Grafana bridge alert fires while everything is healthy', () => {
    const fired = Object.entries(firing.healthy).filter(([, instances]) => instances.length > 0);
    expect(fired).toEqual([]);
    expect(Object.keys(firing.healthy).sort()).toEqual(alertRulesOn(PROM_UID).map((r) => r.uid).sort());
  });

  it('an InfluxDB outage makes exactly "queue filling" and "InfluxDB writes failing" fire in Grafana', () => {
    const fired = Object.entries(firing.outage)
      .filter(([, instances]) => instances.length > 0)
      .map(([uid]) => uid)
      .sort();
    expect(fired).toEqual(['sensorplus-influxdb-writes-failing', 'sensorplus-queue-filling']);
    expect(firing.outage['sensorplus-queue-filling']).toEqual([`127.0.0.1:${bridge.httpPort}`]);
  });

  it('Prometheus\' own alert rules see the same outage', () => {
    expect(ruleStates.SensorPlusQueueFilling).toMatch(/pending|firing/);
    expect(ruleStates.SensorPlusInfluxWritesFailing).toMatch(/pending|firing/);
    expect(ruleStates.SensorPlusBridgeDown).toBe('inactive');
    expect(ruleStates.SensorPlusMqttDisconnected).toBe('inactive');
    // The archive reads from InfluxDB, so its runs fail too; its watermark has not fallen an hour behind.
    expect(ruleStates.SensorPlusArchiveFailing).toMatch(/pending|firing/);
    expect(ruleStates.SensorPlusArchiveLagging).toBe('inactive');
  });

  it('the outage is visible on the dashboard: write errors, backpressure and lag', async () => {
    expect(await value('sum(sensorplus_sink_write_errors_total{sink="influxdb", class="retryable"})')).toBeGreaterThan(0);
    expect(await value('max_over_time(sensorplus_backpressure_active[5m])')).toBe(1);
    const writeErrors = outcomes.find((o) => o.query.panel.title === 'Write errors');
    expect(writeErrors?.hasRows).toBe(true);
  });
});
