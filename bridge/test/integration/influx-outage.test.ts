import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goodMessages, Publisher, type SimMessage } from '@sensorplus/simulator';
import type { BridgeProcess } from '../support/bridge-process.js';
import { StackFixture, eventually } from '../support/stack-fixture.js';

const QUEUE_LIMIT = 10_000;
const BEFORE = 2_000; // written while InfluxDB is up
const DURING = QUEUE_LIMIT + 5_000; // published while it is down: fills the queue, the rest waits in the broker
const TOTAL = BEFORE + DURING;
const RSS_LIMIT_BYTES = 400 * 1024 * 1024;
// Upper bounds on waiting for an event, never a measured duration.
const EVENT_TIMEOUT_MS = 120_000;

interface Readiness {
  status: number;
  checks: Record<string, { ok: boolean; detail?: string }>;
}

async function readiness(bridge: BridgeProcess): Promise<Readiness> {
  const response = await bridge.fetch('/ready');
  const body = (await response.json()) as { checks: Readiness['checks'] };
  return { status: response.status, checks: body.checks };
}

describe('InfluxDB stopped while data flows', () => {
  let stack: StackFixture;
  let bridge: BridgeProcess;

  beforeAll(async () => {
    stack = await StackFixture.start('outage');
    bridge = await stack.startBridge({ RATE_LIMIT_PER_DEVICE: '0', QUEUE_MAX_MESSAGES: String(QUEUE_LIMIT), LOG_LEVEL: 'warn' });
  }, 60_000);
  afterAll(async () => stack?.stop());

  it('delivers every message afterwards, within the queue and memory limits, and /ready reports the outage', async () => {
    const messages = goodMessages(TOTAL, { devices: 500 });
    const publisher = await Publisher.connect(stack.publisherOptions());
    const publish = async (batch: SimMessage[]) => {
      for (const message of batch) await publisher.publish(message.topic, message.payload);
    };

    await publish(messages.slice(0, BEFORE));
    expect(await eventually(() => stack.countPoints(), (n) => n >= BEFORE, { timeoutMs: EVENT_TIMEOUT_MS })).toBe(BEFORE);
    expect(await eventually(() => bridge.metric('sensorplus_queue_depth_messages'), (n) => n === 0, { timeoutMs: EVENT_TIMEOUT_MS })).toBe(0);

    await stack.influx.stop();
    // Runs on in the background: once backpressure holds acknowledgements back, it waits for them.
    const publishing = publish(messages.slice(BEFORE));

    // The first failed write makes /ready answer 503, naming InfluxDB.
    expect(await eventually(() => bridge.metric('sensorplus_sink_write_errors_total', { sink: 'influxdb' }), (n) => n >= 1, { timeoutMs: EVENT_TIMEOUT_MS })).toBeGreaterThanOrEqual(1);
    const failing = await readiness(bridge);
    expect(failing.status).toBe(503);
    expect(failing.checks.influxdb).toMatchObject({ ok: false, detail: expect.stringMatching(/InfluxDB/) });

    // The queue fills up to its limit and no further: backpressure holds the rest in the broker.
    expect(await eventually(() => bridge.metric('sensorplus_backpressure_active'), (n) => n === 1, { timeoutMs: EVENT_TIMEOUT_MS })).toBe(1);
    const depth = await eventually(() => bridge.metric('sensorplus_queue_depth_messages'), (n) => n >= QUEUE_LIMIT, { timeoutMs: EVENT_TIMEOUT_MS });
    expect(depth).toBe(QUEUE_LIMIT);
    expect(await bridge.metric('sensorplus_messages_accepted_total')).toBe(BEFORE + QUEUE_LIMIT);
    const full = await readiness(bridge);
    expect(full.status).toBe(503);
    expect(full.checks.influxdb?.ok).toBe(false);
    expect(full.checks.queue?.ok).toBe(false);
    expect(await bridge.metric('process_resident_memory_bytes')).toBeLessThan(RSS_LIMIT_BYTES);

    await (stack.influx as unknown as { start(): Promise<void> }).start();
    await publishing;
    await publisher.drain();
    await publisher.close();

    // Everything lands; each message was accepted once (a replayed batch would only overwrite its own points).
    expect(await eventually(() => stack.countPoints(), (n) => n >= TOTAL, { timeoutMs: EVENT_TIMEOUT_MS, intervalMs: 1000 })).toBe(TOTAL);
    expect(await eventually(() => bridge.metric('sensorplus_queue_depth_messages'), (n) => n === 0, { timeoutMs: EVENT_TIMEOUT_MS })).toBe(0);
    expect(await stack.countPoints()).toBe(TOTAL);
    expect(await bridge.metric('sensorplus_messages_accepted_total')).toBe(TOTAL);
    expect(await bridge.metric('sensorplus_backpressure_active')).toBe(0);
    expect((await eventually(() => readiness(bridge), (r) => r.status === 200, { timeoutMs: EVENT_TIMEOUT_MS })).status).toBe(200);
    expect(await bridge.metric('process_resident_memory_bytes')).toBeLessThan(RSS_LIMIT_BYTES);
  }, 600_000);
});
