/**
 * The rate limit judges the readings' own time: a backlog of readings sent at a legal rate lands in
 * full after the bridge was stalled (SIGSTOP) or stopped for longer than the burst covers, while a
 * device that floods in real time is still refused and counted; a device flushing what it buffered
 * while offline lands in full too. Real Mosquitto, InfluxDB and bridge.
 */
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { influxQuery } from '../../src/influx/index.js';
import type { BridgeProcess } from '../support/bridge-process.js';
import { StackFixture, eventually } from '../support/stack-fixture.js';

const RATE_PER_SECOND = 5;
const BURST = 10; // windows of BURST / RATE = 2 s
const WINDOW_MS = (BURST / RATE_PER_SECOND) * 1000;
const LEGAL_DEVICES = ['legal-1', 'legal-2', 'legal-3', 'legal-4', 'legal-5'];
const LEGAL_INTERVAL_MS = 250; // 4 readings per second per device: 8 per window, under the limit
/** Each outage lasts until every device has this many readings waiting: four times what the burst covers. */
const BACKLOG_PER_DEVICE = 4 * BURST;
const FLOOD_COUNT = 300;
const BUFFERED_COUNT = 120;

interface Rejection {
  reason: string;
  device?: string;
}

const payload = (device: string, ts: number | undefined) =>
  JSON.stringify({ deviceId: device, kind: 'temperature', value: 21.5, unit: '°C', roomId: 'room1', ...(ts === undefined ? {} : { ts }) });
const topicOf = (device: string) => `building/demo/temperature/${device}`;

describe('a backlog after a bridge outage is judged by when its readings were sent', () => {
  let stack: StackFixture;
  let bridge: BridgeProcess;
  let publisher: MqttClient;

  beforeAll(async () => {
    stack = await StackFixture.start('backlog');
    bridge = await stack.startBridge({
      RATE_LIMIT_PER_DEVICE: String(RATE_PER_SECOND),
      RATE_LIMIT_BURST: String(BURST),
      REJECTIONS_KEPT: '5000',
      LOG_LEVEL: 'warn',
    });
    publisher = await mqtt.connectAsync(stack.mosquitto.url, { ...stack.accounts.simulator, protocolVersion: 5 });
  }, 60_000);
  afterAll(async () => {
    await publisher?.endAsync();
    await stack?.stop();
  });

  /** Publishes with QoS 1; resolves once the broker has acknowledged (it then owes the reading to the bridge). */
  const publish = (device: string, ts: number | undefined) => publisher.publishAsync(topicOf(device), payload(device, ts), { qos: 1 });

  async function pointsPerDevice(): Promise<Map<string, number>> {
    const series = await influxQuery(stack.influxConnection, 'SELECT count("quality") FROM "temperature" GROUP BY "device"').catch(() => []);
    return new Map(series.map((s) => [s.tags?.device ?? '', Number(s.values[0]?.[1] ?? 0)]));
  }

  it('every acknowledged reading of the legal devices lands; the real-time flooders are refused and counted', async () => {
    // The legal devices: each sends a reading every 250 ms, stamped when sent, for the whole test.
    const acknowledged = new Map(LEGAL_DEVICES.map((device) => [device, 0]));
    const inFlight = new Set<Promise<unknown>>();
    const ticker = setInterval(() => {
      for (const device of LEGAL_DEVICES) {
        const sent = publish(device, Date.now()).then(() => acknowledged.set(device, acknowledged.get(device)! + 1));
        inFlight.add(sent);
        void sent.finally(() => inFlight.delete(sent));
      }
    }, LEGAL_INTERVAL_MS);
    const leastAcknowledged = () => Math.min(...acknowledged.values());
    const waitForBacklog = async () => {
      const from = leastAcknowledged();
      await eventually(async () => leastAcknowledged(), (n) => n >= from + BACKLOG_PER_DEVICE, { timeoutMs: 60_000, intervalMs: 100 });
    };

    let floodStart = 0;
    try {
      await eventually(pointsPerDevice, (points) => LEGAL_DEVICES.every((d) => (points.get(d) ?? 0) > 0), { timeoutMs: 30_000 });

      // 1. Stalled: the process is frozen, the broker keeps what the devices send for its session.
      bridge.pause();
      await waitForBacklog();
      bridge.resume();

      // 2. Stopped and started again (an upgrade): the same, through the persistent session.
      expect(await bridge.stop()).toBe(0);
      await waitForBacklog();
      await bridge.spawn();

      // 3. Two devices flood in real time while the backlog is replayed: one stamps its readings
      //    1 ms apart (1,000 per second), the other sends no `ts` and is stamped on arrival.
      floodStart = Date.now();
      await Promise.all(Array.from({ length: FLOOD_COUNT }, (_, i) => publish('flood-stamped', floodStart + i)));
      await Promise.all(Array.from({ length: FLOOD_COUNT }, () => publish('flood-unstamped', undefined)));
      // 4. A device back from a network outage flushes the minute it buffered, sent twice a second.
      const flushStart = Date.now() - 60_000;
      await Promise.all(Array.from({ length: BUFFERED_COUNT }, (_, i) => publish('buffered-1', flushStart + i * 500)));
    } finally {
      clearInterval(ticker);
      await Promise.all(inFlight);
    }

    // Every reading the broker acknowledged to a legal device is in InfluxDB, none refused.
    const expected = new Map(acknowledged);
    const points = await eventually(
      pointsPerDevice,
      (p) => LEGAL_DEVICES.every((d) => (p.get(d) ?? 0) >= expected.get(d)!),
      { timeoutMs: 120_000, intervalMs: 500 },
    );
    for (const device of LEGAL_DEVICES) expect(points.get(device), device).toBe(expected.get(device));
    expect(Math.min(...expected.values())).toBeGreaterThan(2 * BACKLOG_PER_DEVICE);
    // So is every reading the device flushed from its buffer.
    expect(await eventually(async () => (await pointsPerDevice()).get('buffered-1') ?? 0, (n) => n >= BUFFERED_COUNT, { timeoutMs: 30_000 })).toBe(BUFFERED_COUNT);

    // Both flooders were refused past the burst, and every refusal was counted and kept.
    const accepted = async (device: string) => (await bridge.json<{ messages?: number }>(`/api/devices/${device}`)).messages ?? 0;
    const rateLimited = async () => (await bridge.json<{ rejections: Rejection[] }>('/api/rejections?reason=rate_limited&limit=5000')).rejections;
    const refused = async (device: string) => (await rateLimited()).filter((r) => r.device === device).length;
    for (const device of ['flood-stamped', 'flood-unstamped']) {
      const judged = await eventually(async () => (await accepted(device)) + (await refused(device)), (n) => n >= FLOOD_COUNT, { timeoutMs: 30_000 });
      expect(judged, device).toBe(FLOOD_COUNT);
      expect(await refused(device), device).toBeGreaterThan(0);
    }
    const rejections = await rateLimited();
    expect(rejections.length).toBeGreaterThan(0);
    expect(rejections.every((r) => r.device?.startsWith('flood-'))).toBe(true);
    // The restart reset the counter: after it, only the flooders were refused, each refusal counted.
    expect(await bridge.metric('sensorplus_messages_rejected_total', { reason: 'rate_limited' })).toBe(rejections.length);

    // The stamped flood spans at most two windows of its own time: between BURST and 2 × BURST land.
    const windowsSpanned = Math.floor((floodStart + FLOOD_COUNT - 1) / WINDOW_MS) - Math.floor(floodStart / WINDOW_MS) + 1;
    const acceptedStamped = await accepted('flood-stamped');
    const landed = await eventually(async () => (await pointsPerDevice()).get('flood-stamped') ?? 0, (n) => n >= acceptedStamped, { timeoutMs: 30_000 });
    expect(landed).toBe(acceptedStamped);
    expect(landed).toBeGreaterThanOrEqual(BURST);
    expect(landed).toBeLessThanOrEqual(windowsSpanned * BURST);
  }, 240_000);
});
