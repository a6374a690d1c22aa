import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMariadb, type MariadbServer } from '@sensorplus/stack';
import { goodMessages, Publisher } from '@sensorplus/simulator';
import { BridgeProcess } from '../support/bridge-process.js';
import { StackFixture, eventually } from '../support/stack-fixture.js';

/**
 * No credential in any output: secrets in every URL and secret variable, log level debug, and every
 * fault that makes the bridge talk about its connections (broker, InfluxDB and MySQL down, wrong
 * passwords, a bad configuration). Everything the bridge says is collected, its whole stdout and
 * stderr and every HTTP answer, and searched for each secret in every spelling it could take.
 */

const BRIDGE_DIR = path.resolve(import.meta.dirname, '../..');
const TSX = createRequire(import.meta.url).resolve('tsx');
/** Long and random, so finding one is never a coincidence; with characters URLs must encode. */
const secret = (label: string) => `${label}-${randomBytes(16).toString('hex')}+/@:`;
const PAGES = ['/health', '/ready', '/metrics', '/api/devices', '/api/rejections', '/api/archive?device=temp-1'];

interface ReadyReport {
  ready: boolean;
  checks: Record<string, { ok: boolean; detail?: string }>;
}

describe('secrets never printed', () => {
  let stack: StackFixture;
  let mariadb: MariadbServer;
  const mysqlPassword = secret('mysql');
  const secrets: string[] = [mysqlPassword];
  /** Everything the bridges said over HTTP. */
  const answers: string[] = [];

  const collectAnswers = async (bridge: BridgeProcess) => {
    for (const page of PAGES) answers.push(`${page}: ${await (await bridge.fetch(page)).text()}`);
  };
  const startBridge = async (env: Record<string, string>, logName: string) => {
    const bridge = await BridgeProcess.start(stack.bridgeEnv({ LOG_LEVEL: 'debug', ARCHIVE_INTERVAL_SECONDS: '1', ...env }), path.join(stack.dir, logName));
    stack.bridges.push(bridge);
    return bridge;
  };
  const ready = (bridge: BridgeProcess, done: (report: ReadyReport) => boolean) =>
    eventually(() => bridge.json<ReadyReport>('/ready'), done, { timeoutMs: 30_000 });

  beforeAll(async () => {
    stack = await StackFixture.start('secrets');
    secrets.push(stack.accounts.bridge.password);
    mariadb = await startMariadb({ dataDir: path.join(stack.dir, 'mariadb'), database: 'archive', user: 'bridge', password: mysqlPassword });
    // Every server down at first: the bridge's connect errors are part of what is checked.
    await Promise.all([mariadb.stop(), stack.mosquitto.stop(), stack.influx.stop()]);
  }, 120_000);
  afterAll(async () => {
    await stack?.stop();
    await mariadb?.stop();
  });

  it('says nothing secret while its servers are down, come up, and take readings', async () => {
    const unusedPassword = secret('mqtt-password');
    const influxPassword = secret('influx');
    const influxToken = `admin:${influxPassword}`;
    // InfluxDB 1.x takes `user:password` apart and sends the password as a query parameter of its own.
    secrets.push(unusedPassword, influxToken, influxPassword);
    const broker = new URL(stack.mosquitto.url);
    const bridge = await startBridge(
      {
        // The URL's user and password win over MQTT_USERNAME and MQTT_PASSWORD (MQTT.js), which must stay hidden all the same.
        MQTT_URL: `mqtt://bridge:${encodeURIComponent(stack.accounts.bridge.password)}@${broker.host}`,
        MQTT_PASSWORD: unusedPassword,
        INFLUX_TOKEN: influxToken,
        MYSQL_URL: mariadb.url,
      },
      'bridge.log',
    );
    await ready(bridge, (r) => r.checks.influxdb?.detail !== 'not connected yet' && r.checks.archive?.detail !== 'archive: MySQL not reached yet');
    await collectAnswers(bridge);

    // Back at once: a port left free for long may be taken by a server of another test file.
    await Promise.all([stack.mosquitto.restart(), stack.influx.restart(), mariadb.restart()]);
    expect((await ready(bridge, (r) => r.ready)).ready).toBe(true);
    const messages = goodMessages(20, { devices: 4 });
    const publisher = await Publisher.connect(stack.publisherOptions());
    for (const message of messages) await publisher.publish(message.topic, message.payload);
    await publisher.publish('building/demo/temperature/temp-1', Buffer.from('{"not": "a reading"'));
    await publisher.close();
    expect(await eventually(() => stack.countPoints(), (n) => n >= messages.length, { timeoutMs: 30_000 })).toBe(messages.length);
    await collectAnswers(bridge);
    expect(await bridge.stop()).toBe(0);
  }, 120_000);

  it('says nothing secret when every password it was given is wrong', async () => {
    const [mqttWrong, mysqlWrong] = [secret('mqtt-wrong'), secret('mysql-wrong')];
    secrets.push(mqttWrong, mysqlWrong);
    const mysqlUrl = new URL(mariadb.url);
    mysqlUrl.password = encodeURIComponent(mysqlWrong);
    const bridge = await startBridge(
      {
        MQTT_URL: stack.mosquitto.url,
        MQTT_PASSWORD: mqttWrong,
        MYSQL_URL: mysqlUrl.toString(),
        QUEUE_DIR: path.join(stack.dir, 'queue-wrong'),
        MQTT_CLIENT_ID: 'wrong-passwords',
      },
      'bridge-wrong.log',
    );
    const report = await ready(bridge, (r) => /Access denied/.test(r.checks.archive?.detail ?? ''));
    expect(report.checks.mqtt?.ok).toBe(false);
    await eventually(async () => fs.readFileSync(path.join(stack.dir, 'bridge-wrong.log'), 'utf8'), (log) => /Not authorized/i.test(log), { timeoutMs: 20_000 });
    await collectAnswers(bridge);
    expect(await bridge.stop()).toBe(0);
  }, 60_000);

  it('says nothing secret about a configuration it refuses', () => {
    const [inUrl, inVariable] = [secret('config-url'), secret('config-variable')];
    secrets.push(inUrl, inVariable);
    const result = spawnSync(process.execPath, ['--import', TSX, 'src/main.ts'], {
      cwd: BRIDGE_DIR,
      env: {
        PATH: process.env.PATH,
        MQTT_URL: `bridge:${inUrl}@localhost:1883`,
        MYSQL_URL: `mysql://bridge:${encodeURIComponent(inVariable)}@/no-host`,
        INFLUX_TOKEN: inVariable,
      },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/MQTT_URL has an invalid format/);
    answers.push(result.stdout, result.stderr);
  });

  it('none of the secrets appears in any log line, metric, answer or error output, in any spelling', () => {
    const logs = fs.readdirSync(stack.dir).filter((name) => name.startsWith('bridge')).map((name) => fs.readFileSync(path.join(stack.dir, name), 'utf8'));
    const output = [...logs, ...answers].join('\n');
    // The faults above happened and were reported: the search ran over real error output.
    expect(output).toMatch(/ECONNREFUSED/);
    expect(output).toMatch(/Not authorized/i);
    expect(output).toMatch(/Access denied/);
    expect(output).toMatch(/"level":20/);
    for (const [index, value] of secrets.entries()) {
      // As is, in a URL, in a form or query string, and the random part alone.
      const spellings = [value, encodeURIComponent(value), new URLSearchParams({ p: value }).toString().slice(2), value.replace(/^.*-/, '').slice(0, 32)];
      for (const spelling of spellings) expect(output, `a spelling of secret #${index}`).not.toContain(spelling);
    }
  });
});
