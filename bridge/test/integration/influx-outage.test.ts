import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goodMessageStream, Publisher } from '@sensorplus/simulator';
import type { BridgeProcess } from '../support/bridge-process.js';
import { StackFixture, eventually } from '../support/stack-fixture.js';

const OUTAGE_MS = 60_000;
const RATE_PER_SECOND = 400;
const TOTAL = 36_000; // 90 s at 400 msg/s: 15 s before, 60 s during, 15 s after the outage
const QUEUE_LIMIT = 10_000; // reached during the outage, so backpressure is exercised too
const RSS_LIMIT_BYTES = 400 * 1024 * 1024;

interface ReadyReport {
  ready: boolean;
  checks: Record<string, { ok: boolean; detail?: string }>;
}

describe('InfluxDB stopped for 60 s while data flows', () => {
  let stack: StackFixture;
  let bridge: BridgeProcess;

  beforeAll(async () => {
    stack = await StackFixture.start('outage');
    bridge = await stack.startBridge({ RATE_LIMIT_PER_DEVICE: '0', QUEUE_MAX_MESSAGES: String(QUEUE_LIMIT), LOG_LEVEL: 'warn' });
  }, 60_000);
  afterAll(async () => stack?.stop());

  it('delivers every message afterwards, within the queue and memory limits, and /ready reports the outage', async () => {
    const publisher = await Publisher.connect({ ...stack.publisherOptions(), ratePerSecond: RATE_PER_SECOND });
    const publishing = (async () => {
      for (const message of goodMessageStream(TOTAL, { devices: 500, now: Date.now() })) {
        await publisher.publish(message.topic, message.payload);
      }
      await publisher.drain();
    })();

    await eventually(() => stack.countPoints(), (n) => n > 1000, { timeoutMs: 30_000 });
    await stack.influx.stop();
    const samples: Array<{ depth: number; rss: number; ready: ReadyReport; status: number }> = [];
    const outageEnds = Date.now() + OUTAGE_MS;
    while (Date.now() < outageEnds) {
      const response = await bridge.fetch('/ready');
      samples.push({
        status: response.status,
        ready: (await response.json()) as ReadyReport,
        depth: await bridge.metric('sensorplus_queue_depth_messages'),
        rss: await bridge.metric('process_resident_memory_bytes'),
      });
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    await (stack.influx as unknown as { start(): Promise<void> }).start();
    await publishing;
    await publisher.close();

    const points = await eventually(() => stack.countPoints(), (n) => n >= TOTAL, { timeoutMs: 120_000, intervalMs: 1000 });
    expect(points).toBe(TOTAL);

    // /ready said so during the outage (after the first failed write), and is ready again now.
    const late = samples.slice(10);
    expect(late.every((s) => s.status === 503 && s.ready.checks.influxdb?.ok === false)).toBe(true);
    expect(late[late.length - 1]!.ready.checks.influxdb!.detail).toMatch(/InfluxDB/);
    await eventually(() => bridge.fetch('/ready').then((r) => r.status), (s) => s === 200, { timeoutMs: 30_000 });

    // The queue filled up to its limit (backpressure) and never beyond; memory stayed bounded.
    const maxDepth = Math.max(...samples.map((s) => s.depth));
    expect(maxDepth).toBeGreaterThan(QUEUE_LIMIT / 2);
    expect(maxDepth).toBeLessThanOrEqual(QUEUE_LIMIT);
    expect(Math.max(...samples.map((s) => s.rss))).toBeLessThan(RSS_LIMIT_BYTES);
  }, 300_000);
});
