import mqtt from 'mqtt';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Bridge } from '../../src/app.js';
import { REAL_CLIENTS, type ClientFactories } from '../../src/clients.js';
import { loadConfig } from '../../src/config/index.js';
import { StackFixture, eventually } from '../support/stack-fixture.js';

describe('the wired bridge in this process (real Mosquitto + InfluxDB)', () => {
  let stack: StackFixture;
  let bridge: Bridge | undefined;
  const made: string[] = [];
  const noted =
    <A extends unknown[], R>(name: string, make: (...args: A) => R) =>
    (...args: A): R => {
      made.push(name);
      return make(...args);
    };
  // The real clients, noted as the bridge makes them.
  const clients: ClientFactories = { mqtt: noted('mqtt', REAL_CLIENTS.mqtt), influx: noted('influx', REAL_CLIENTS.influx), mysql: noted('mysql', REAL_CLIENTS.mysql) };

  beforeAll(async () => {
    stack = await StackFixture.start('wired');
  }, 60_000);
  afterAll(async () => {
    await bridge?.stop();
    await stack?.stop();
  });

  it('takes a good message to an InfluxDB row and refuses a bad one, through the clients it was given', async () => {
    const config = loadConfig(stack.bridgeEnv({ HTTP_HOST: '127.0.0.1', HTTP_PORT: '0' }));
    bridge = new Bridge(config, pino({ level: 'silent' }), clients);
    await bridge.start();
    const running = bridge;
    expect((await eventually(async () => running.readiness(), (r) => r.ready, { timeoutMs: 20_000 })).ready).toBe(true);

    const sensor = await mqtt.connectAsync(stack.mosquitto.url, { ...stack.accounts.simulator, protocolVersion: 5 });
    const ts = Date.now();
    const message = (value: number) => JSON.stringify({ deviceId: 'hum-1', kind: 'humidity', value, unit: '%', roomId: 'room1', ts });
    await sensor.publishAsync('building/demo/humidity/hum-1', message(140), { qos: 1 });
    await sensor.publishAsync('building/demo/humidity/hum-1', message(45), { qos: 1 });
    await sensor.endAsync();

    expect(await eventually(() => stack.countPoints(), (n) => n >= 1, { timeoutMs: 20_000 })).toBe(1);
    expect(running.rejections.recent(10).map((r) => r.reason)).toEqual(['out_of_range']);
    expect(running.devices.find('hum-1', Date.now())).toMatchObject({ lastValues: { value: 45 } });
    expect(made.sort()).toEqual(['influx', 'mqtt']);
  }, 60_000);
});
