import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goodMessages, Publisher } from '@sensorplus/simulator';
import { SHIPPED_PROFILES_DIR } from '../../src/profiles/index.js';
import { StackFixture, eventually } from '../support/stack-fixture.js';

const BRIDGE_DIR = path.resolve(import.meta.dirname, '../..');
const TSX = createRequire(import.meta.url).resolve('tsx');

describe('bridge lifecycle', () => {
  let stack: StackFixture;
  beforeAll(async () => {
    stack = await StackFixture.start('lifecycle');
  }, 60_000);
  afterAll(async () => stack?.stop());

  it('refuses a bad configuration with one clear line per problem and exit code 2, no stack trace', () => {
    const password = randomBytes(9).toString('hex');
    const result = spawnSync(process.execPath, ['--import', TSX, 'src/main.ts'], {
      cwd: BRIDGE_DIR,
      env: { PATH: process.env.PATH, HTTP_PORT: 'eighty', MQTT_URL: 'localhost', MQTT_PASSWORD: password },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('HTTP_PORT');
    expect(result.stderr).toContain('MQTT_URL has an invalid format');
    expect(result.stderr).not.toMatch(/\bat .*\.ts:\d+/);
    expect(result.stderr).not.toContain(password);
  });

  it('refuses a bad profile file with one line naming the file, the place in it and the problem, and exit code 2', () => {
    const profiles = path.join(stack.dir, 'bad-profiles');
    fs.mkdirSync(profiles);
    const tracker = fs.readFileSync(path.join(SHIPPED_PROFILES_DIR, 'solar-tracker.yaml'), 'utf8');
    fs.writeFileSync(path.join(profiles, 'solar-tracker.yaml'), tracker.replace(/power_w: \{([^}]*)range: \[0, 2000\]/, 'power_w: {$1range: [2000]'));
    const result = spawnSync(process.execPath, ['--import', TSX, 'src/main.ts'], {
      cwd: BRIDGE_DIR,
      env: { PATH: process.env.PATH, PROFILES_DIR: profiles },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(`sensorplus-bridge: ${path.join(profiles, 'solar-tracker.yaml')}: fields.power_w.range: must have 2 items\n`);
  });

  it('reports not ready without a broker, becomes ready with one, and exits 0 on SIGTERM', async () => {
    await stack.mosquitto.stop();
    const bridge = await stack.startBridge();
    const notReady = await bridge.json<{ ready: boolean; checks: { mqtt: { ok: boolean } } }>('/ready');
    expect(notReady.ready).toBe(false);
    expect(notReady.checks.mqtt.ok).toBe(false);
    await (stack.mosquitto as unknown as { start(): Promise<void> }).start();
    const status = await eventually(() => bridge.fetch('/ready').then((r) => r.status), (s) => s === 200, { timeoutMs: 60_000 });
    expect(status).toBe(200);
    expect(await bridge.stop()).toBe(0);
  }, 120_000);

  it('exits 0 on SIGTERM even while InfluxDB is down and the full queue holds acknowledgements back', async () => {
    const bridge = await stack.startBridge({ QUEUE_MAX_MESSAGES: '100', RATE_LIMIT_PER_DEVICE: '0', QUEUE_DIR: `${stack.dir}/queue-sigterm`, MQTT_CLIENT_ID: 'bridge-sigterm' });
    await eventually(() => bridge.fetch('/ready').then((r) => r.status), (s) => s === 200, { timeoutMs: 30_000 });
    await stack.influx.stop();
    const publisher = await Publisher.connect(stack.publisherOptions());
    for (const m of goodMessages(400, { devices: 40 })) await publisher.publish(m.topic, m.payload);
    await publisher.drain();
    await publisher.close();
    await eventually(() => bridge.metric('sensorplus_backpressure_active'), (n) => n === 1, { timeoutMs: 30_000 });
    expect(await bridge.stop()).toBe(0);
    await (stack.influx as unknown as { start(): Promise<void> }).start();
  }, 120_000);
});

describe('dead-letter topic', () => {
  let stack: StackFixture;
  beforeAll(async () => {
    stack = await StackFixture.start('deadletter');
  }, 60_000);
  afterAll(async () => stack?.stop());

  it('republishes each rejected message with its reason, and only rejected ones', async () => {
    const { default: mqtt } = await import('mqtt');
    const bridge = await stack.startBridge({ MQTT_DEADLETTER_TOPIC: 'sensorplus/deadletter' });
    await eventually(() => bridge.fetch('/ready').then((r) => r.status), (s) => s === 200, { timeoutMs: 30_000 });
    const operator = await mqtt.connectAsync(stack.mosquitto.url, { ...stack.accounts.operator, protocolVersion: 5 });
    const received: Array<{ topic: string; body: { reason: string; topic: string; detail: string } }> = [];
    operator.on('message', (topic, payload) => received.push({ topic, body: JSON.parse(payload.toString()) }));
    await operator.subscribeAsync('sensorplus/deadletter/#', { qos: 1 });
    const sensor = await mqtt.connectAsync(stack.mosquitto.url, { ...stack.accounts.simulator, protocolVersion: 5 });
    const ts = Date.now();
    await sensor.publishAsync('building/demo/humidity/hum-1', JSON.stringify({ deviceId: 'hum-1', kind: 'humidity', value: 140, unit: '%', roomId: 'room1', ts }), { qos: 1 });
    await sensor.publishAsync('building/demo/humidity/hum-1', JSON.stringify({ deviceId: 'hum-1', kind: 'humidity', value: 45, unit: '%', roomId: 'room1', ts }), { qos: 1 });
    await sensor.publishAsync('building/demo/humidity/hum-2', '{"deviceId":', { qos: 1 });
    await eventually(async () => received.length, (n) => n >= 2, { timeoutMs: 20_000 });
    await eventually(() => bridge.metric('sensorplus_messages_accepted_total'), (n) => n >= 1, { timeoutMs: 20_000 });
    expect(received.map((r) => [r.topic, r.body.reason, r.body.topic])).toEqual([
      ['sensorplus/deadletter/out_of_range', 'out_of_range', 'building/demo/humidity/hum-1'],
      ['sensorplus/deadletter/invalid_json', 'invalid_json', 'building/demo/humidity/hum-2'],
    ]);
    expect(received[0]!.body.detail).toMatch(/140/);
    expect(await bridge.metric('sensorplus_dead_letters_published_total')).toBe(2);
    await Promise.all([operator.endAsync(), sensor.endAsync()]);
  }, 120_000);
});
