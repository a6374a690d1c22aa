/** Integration: the Publisher against a real Mosquitto (the shipped settings and ACL), checked by a real subscriber. */
import { waitFor } from '@sensorplus/stack';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestBroker, subscribeAll, type TestBroker, type TestSubscriber } from '../test/support/broker.js';
import { fakeClock } from '../test/support/fake-clock.js';
import { referenceBuilding } from './building.js';
import { hostileMessages } from './faults.js';
import { createFleet, goodMessages } from './fleet.js';
import { HOSTILE_CASES } from './hostile-cases.js';
import { Publisher, redactUrl } from './publisher.js';

const key = (m: { topic: string; payload: Buffer }) => `${m.topic}\u0000${m.payload.toString('base64')}`;
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('Publisher with Mosquitto', () => {
  let broker: TestBroker;
  beforeAll(async () => {
    broker = await startTestBroker();
  });
  afterAll(async () => broker?.dispose());
  const connect = (options: Partial<Parameters<typeof Publisher.connect>[0]> = {}) =>
    Publisher.connect({ url: broker.server.url, ...broker.simulator, ...options });

  it('delivers good and hostile messages byte for byte, each acknowledged once', async () => {
    const subscriber = await subscribeAll(broker);
    cleanups.push(subscriber.close);
    const publisher = await connect({ maxInFlight: 50 });
    cleanups.push(() => publisher.close(1000));
    const messages = [
      ...createFleet({ devices: referenceBuilding(), seed: 1 }).round(Date.now()),
      ...hostileMessages(HOSTILE_CASES.length * 2),
      ...goodMessages(3000),
    ];
    for (const m of messages) await publisher.publish(m.topic, m.payload);
    await publisher.drain();
    expect(publisher.stats).toMatchObject({ published: messages.length, acked: messages.length, failed: 0, inFlight: 0 });
    await subscriber.waitForCount(messages.length);
    expect(subscriber.received.map(key).sort()).toEqual(messages.map(key).sort());
  }, 60_000);

  it('never has more unacknowledged messages than allowed', async () => {
    const publisher = await connect({ maxInFlight: 3 });
    cleanups.push(() => publisher.close(1000));
    let highest = 0;
    for (const m of goodMessages(300)) {
      await publisher.publish(m.topic, m.payload);
      highest = Math.max(highest, publisher.stats.inFlight);
    }
    await publisher.drain();
    expect(highest).toBe(3);
    expect(publisher.stats.acked).toBe(300);
  }, 30_000);

  // Counts the waits on a fake clock, so it cannot flake on a busy machine. How close real timers
  // come to the rate is a measurement, for the bench, not a test.
  it('waits for its slot before each message at a target rate', async () => {
    const pacerClock = fakeClock();
    const publisher = await connect({ ratePerSecond: 200, pacerClock });
    cleanups.push(() => publisher.close(1000));
    for (const m of goodMessages(41)) await publisher.publish(m.topic, m.payload);
    await publisher.drain();
    expect(pacerClock.sleeps).toEqual(Array(40).fill(5));
    expect(publisher.stats).toMatchObject({ acked: 41, failed: 0 });
  }, 30_000);

  it('is refused at once with a wrong password or none', async () => {
    const { username } = broker.simulator;
    await expect(connect({ username, password: 'wrong', connectTimeoutMs: 20_000 })).rejects.toThrow(/MQTT connection refused/);
    await expect(Publisher.connect({ url: broker.server.url, connectTimeoutMs: 20_000 })).rejects.toThrow(/MQTT connection refused/);
  }, 30_000);

  it('fails clearly on a broker that is not there, and hides passwords in URLs', async () => {
    await expect(Publisher.connect({ url: 'mqtt://127.0.0.1:1', connectTimeoutMs: 300 })).rejects.toThrow(/could not connect within 300 ms/);
    await expect(Publisher.connect({ url: 'http://u:secret@x' })).rejects.toThrow(/got "http:\/\/u:\*\*\*@x"/);
    expect(redactUrl('mqtt://sim:hunter2@broker:1883')).toBe('mqtt://sim:***@broker:1883');
  }, 30_000);
});

describe('Publisher across a broker restart', () => {
  let broker: TestBroker;
  let subscriber: TestSubscriber;
  beforeAll(async () => {
    broker = await startTestBroker();
  });
  afterAll(async () => {
    await subscriber?.close();
    await broker?.dispose();
  });

  it('reconnects and delivers what was published while the broker was down', async () => {
    subscriber = await subscribeAll(broker, 'sim-test-durable-subscriber');
    const publisher = await Publisher.connect({ url: broker.server.url, ...broker.simulator, reconnectPeriodMs: 200, maxInFlight: 1000 });
    cleanups.push(() => publisher.close(1000));
    const [before, during] = [goodMessages(100, { seed: 1 }), goodMessages(100, { seed: 2, now: Date.now() + 1 })];
    for (const m of before) await publisher.publish(m.topic, m.payload);
    await publisher.drain();
    await broker.server.stop();
    for (const m of during) await publisher.publish(m.topic, m.payload);
    expect(publisher.stats.acked).toBe(100);
    await broker.server.restart();
    await publisher.drain();
    expect(publisher.stats).toMatchObject({ acked: 200, failed: 0 });
    expect(publisher.stats.reconnects).toBeGreaterThan(0);
    const wanted = new Set([...before, ...during].map(key));
    const arrived = () => new Set(subscriber.received.map(key));
    await waitFor(async () => arrived().size >= wanted.size, { timeoutMs: 20_000, what: 'all 200 messages at the subscriber' });
    expect(arrived()).toEqual(wanted);
  }, 60_000);
});
