/** Integration: the Publisher against a real Mosquitto, checked by a real subscriber. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { referenceBuilding } from './building.js';
import { startTestBroker, subscribeAll, waitFor, type TestBroker, type TestSubscriber } from './broker.testkit.js';
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

  it('delivers good and hostile messages byte for byte, each acknowledged once', async () => {
    const subscriber = await subscribeAll(broker.url);
    cleanups.push(subscriber.close);
    const publisher = await Publisher.connect({ url: broker.url, maxInFlight: 50 });
    cleanups.push(() => publisher.close(1000));
    const messages = [
      ...createFleet({ devices: referenceBuilding(), seed: 1 }).round(Date.now()),
      ...hostileMessages(HOSTILE_CASES.length * 2),
      ...goodMessages(3000),
    ];
    for (const m of messages) await publisher.publish(m.topic, m.payload);
    await publisher.drain();
    expect(publisher.stats).toMatchObject({ published: messages.length, acked: messages.length, failed: 0, inFlight: 0 });
    await waitFor(() => subscriber.received.length >= messages.length, 'every message at the subscriber');
    expect(subscriber.received.map(key).sort()).toEqual(messages.map(key).sort());
  }, 60_000);

  it('never has more unacknowledged messages than allowed', async () => {
    const publisher = await Publisher.connect({ url: broker.url, maxInFlight: 3 });
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

  it('paces to a target rate', async () => {
    const publisher = await Publisher.connect({ url: broker.url, ratePerSecond: 200 });
    cleanups.push(() => publisher.close(1000));
    const started = performance.now();
    for (const m of goodMessages(41)) await publisher.publish(m.topic, m.payload);
    // 41 messages at 200/s need at least 40 gaps of 5 ms; a lower bound only, never an upper one.
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
  }, 30_000);

  it('fails clearly on a broker that is not there, and hides passwords in URLs', async () => {
    await expect(Publisher.connect({ url: 'mqtt://127.0.0.1:1', connectTimeoutMs: 300 })).rejects.toThrow(/could not connect within 300 ms/);
    await expect(Publisher.connect({ url: 'http://u:secret@x' })).rejects.toThrow(/got "http:\/\/u:\*\*\*@x"/);
    expect(redactUrl('mqtt://sim:hunter2@broker:1883')).toBe('mqtt://sim:***@broker:1883');
  }, 30_000);
});

describe('Publisher with a broker that requires a password', () => {
  let broker: TestBroker;
  // Generated per run: no credentials live in the repository.
  const password = `pw-${Math.random().toString(36).slice(2)}`;
  beforeAll(async () => {
    broker = await startTestBroker({ users: { sim: password } });
  });
  afterAll(async () => broker?.dispose());

  it('connects with the right password and is refused at once with a wrong one', async () => {
    const publisher = await Publisher.connect({ url: broker.url, username: 'sim', password });
    cleanups.push(() => publisher.close(1000));
    await expect(Publisher.connect({ url: broker.url, username: 'sim', password: 'wrong', connectTimeoutMs: 20_000 }))
      .rejects.toThrow(/MQTT connection refused/);
    await expect(Publisher.connect({ url: broker.url, connectTimeoutMs: 20_000 })).rejects.toThrow(/MQTT connection refused/);
  }, 30_000);
});

describe('Publisher across a broker restart', () => {
  let broker: TestBroker;
  let subscriber: TestSubscriber;
  beforeAll(async () => {
    broker = await startTestBroker({ persistence: true });
  });
  afterAll(async () => {
    await subscriber?.close();
    await broker?.dispose();
  });

  it('reconnects and delivers what was published while the broker was down', async () => {
    subscriber = await subscribeAll(broker.url, 'building/#', { clientId: 'sim-test-durable-subscriber' });
    const publisher = await Publisher.connect({ url: broker.url, reconnectPeriodMs: 200, maxInFlight: 1000 });
    cleanups.push(() => publisher.close(1000));
    const [before, during] = [goodMessages(100, { seed: 1 }), goodMessages(100, { seed: 2, now: Date.now() + 1 })];
    for (const m of before) await publisher.publish(m.topic, m.payload);
    await publisher.drain();
    await broker.stop();
    for (const m of during) await publisher.publish(m.topic, m.payload);
    expect(publisher.stats.acked).toBe(100);
    await broker.start();
    await publisher.drain();
    expect(publisher.stats).toMatchObject({ acked: 200, failed: 0 });
    expect(publisher.stats.reconnects).toBeGreaterThan(0);
    const wanted = new Set([...before, ...during].map(key));
    await waitFor(() => new Set(subscriber.received.map(key)).size >= wanted.size, 'all 200 messages at the subscriber');
    expect(new Set(subscriber.received.map(key))).toEqual(wanted);
  }, 60_000);
});
