import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MqttClient } from 'mqtt';
import { startMosquitto, type MosquittoServer } from '../src/index.js';
import { TestResources, testPassword } from './helpers.js';
import { connectMqtt, connectReasonCode, Inbox, publishReasonCode } from './mqtt-helpers.js';

/**
 * MQTT v5 reason code 135 and MQTT 3.1.1 return code 5, "not authorized". Mosquitto 2.0 answers
 * every failed login with it (never 134/4 "bad username or password"), so a refusal does not
 * reveal whether the username exists.
 */
const NOT_AUTHORIZED = 135;
const V3_NOT_AUTHORIZED = 5;

const accounts = {
  bridge: { username: 'bridge', password: testPassword() },
  simulator: { username: 'simulator', password: testPassword() },
  temp1: { username: 'temp-1', password: testPassword() },
};

const resources = new TestResources();
let broker: MosquittoServer;
let bridge: MqttClient;
let inbox: Inbox;

beforeAll(async () => {
  broker = resources.server(
    await startMosquitto({ dataDir: resources.tempDir('mosquitto-security'), users: Object.values(accounts) }),
  );
  bridge = await connectMqtt(resources, broker.url, { ...accounts.bridge, clientId: 'security-bridge' });
  inbox = new Inbox(bridge);
  await bridge.subscribeAsync('building/#', { qos: 1 });
});
afterAll(() => resources.cleanup());

/** Publishes as temp-1 to its own topic and waits until the bridge has it: everything sent before has arrived. */
async function deliverMarker(label: string): Promise<void> {
  const sensor = await connectMqtt(resources, broker.url, { ...accounts.temp1, clientId: `marker-${label}` });
  const expected = inbox.received.length + 1;
  expect(await publishReasonCode(sensor, 'building/demo/temperature/temp-1', `marker-${label}`)).toBe(0);
  await inbox.waitForCount(expected);
  await sensor.endAsync();
}

describe('shipped broker security (mosquitto/acl + conf.d)', () => {
  it('refuses anonymous clients', async () => {
    expect(await connectReasonCode(resources, broker.url, { clientId: 'anon-v5' })).toBe(NOT_AUTHORIZED);
    expect(await connectReasonCode(resources, broker.url, { clientId: 'anon-v3', protocolVersion: 4 })).toBe(
      V3_NOT_AUTHORIZED,
    );
  });

  it('refuses a wrong password and an unknown user', async () => {
    const wrong = { username: 'temp-1', password: `${testPassword()}-wrong` };
    expect(await connectReasonCode(resources, broker.url, { ...wrong, clientId: 'wrong-v5' })).toBe(NOT_AUTHORIZED);
    expect(await connectReasonCode(resources, broker.url, { ...wrong, clientId: 'wrong-v3', protocolVersion: 4 })).toBe(
      V3_NOT_AUTHORIZED,
    );
    const stranger = { username: 'temp-99', password: 'guess' };
    expect(await connectReasonCode(resources, broker.url, { ...stranger, clientId: 'stranger' })).toBe(NOT_AUTHORIZED);
    // The right password is accepted, so the refusals above are about the credentials.
    expect(await connectReasonCode(resources, broker.url, { ...accounts.temp1, clientId: 'right' })).toBe(0);
  });

  it('lets a sensor publish to its own topic, and the bridge receives it', async () => {
    const sensor = await connectMqtt(resources, broker.url, { ...accounts.temp1, clientId: 'temp-1-own' });
    const before = inbox.received.length;
    expect(await publishReasonCode(sensor, 'building/demo/temperature/temp-1', '{"value":21.5}')).toBe(0);
    await inbox.waitForCount(before + 1);
    expect(inbox.received.at(-1)).toEqual({ topic: 'building/demo/temperature/temp-1', payload: '{"value":21.5}' });
  });

  it("refuses a sensor publishing to another device's topic (MQTT v5: PUBACK 135)", async () => {
    const sensor = await connectMqtt(resources, broker.url, { ...accounts.temp1, clientId: 'temp-1-other' });
    expect(await publishReasonCode(sensor, 'building/demo/temperature/temp-2', 'spoofed-v5')).toBe(NOT_AUTHORIZED);
    await deliverMarker('after-spoof-v5');
    expect(inbox.payloads()).not.toContain('spoofed-v5');
  });

  it('silently drops the same publish from an MQTT 3.1.1 sensor', async () => {
    const sensor = await connectMqtt(resources, broker.url, {
      ...accounts.temp1,
      clientId: 'temp-1-v3',
      protocolVersion: 4,
    });
    await sensor.publishAsync('building/demo/temperature/temp-2', 'spoofed-v3', { qos: 1 });
    await deliverMarker('after-spoof-v3');
    expect(inbox.payloads()).not.toContain('spoofed-v3');
  });

  it('does not let the bridge publish readings, only dead letters', async () => {
    expect(await publishReasonCode(bridge, 'building/demo/temperature/temp-1', 'from-bridge')).toBe(NOT_AUTHORIZED);
    // Accepted (a refused publish gets 135, as above); no account may read dead letters back.
    expect(await publishReasonCode(bridge, 'sensorplus/deadletter/schema', 'dead-letter')).toBe(0);
    await deliverMarker('after-bridge');
    expect(inbox.payloads()).not.toContain('from-bridge');
  });

  it('lets the simulator publish any reading but read nothing', async () => {
    const simulator = await connectMqtt(resources, broker.url, { ...accounts.simulator, clientId: 'simulator' });
    const simulatorInbox = new Inbox(simulator);
    await simulator.subscribeAsync('building/#', { qos: 1 });
    const before = inbox.received.length;
    expect(await publishReasonCode(simulator, 'building/demo/co2/co2-9', 'from-simulator')).toBe(0);
    await inbox.waitForCount(before + 1);
    expect(inbox.received.at(-1)?.payload).toBe('from-simulator');
    await deliverMarker('after-simulator');
    expect(simulatorInbox.received).toEqual([]);
  });
});
