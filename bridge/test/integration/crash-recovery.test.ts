import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goodMessageStream, Publisher } from '@sensorplus/simulator';
import type { BridgeProcess } from '../support/bridge-process.js';
import { StackFixture, eventually } from '../support/stack-fixture.js';

const TOTAL = 100_000;
const KILL_AT = [20_000, 45_000, 70_000];

describe('bridge killed with SIGKILL three times during a 100,000-message QoS 1 run', () => {
  let stack: StackFixture;
  let bridge: BridgeProcess;

  beforeAll(async () => {
    stack = await StackFixture.start('crash');
    bridge = await stack.startBridge({ RATE_LIMIT_PER_DEVICE: '0', LOG_LEVEL: 'warn' });
  }, 60_000);
  afterAll(async () => stack?.stop());

  it('ends with exactly 100,000 points in InfluxDB', async () => {
    const publisher = await Publisher.connect(stack.publisherOptions());
    const restarts: Array<Promise<void>> = [];
    let published = 0;
    // Spread over 1,000 devices, 100 rounds one second apart: every (device, ts) is unique.
    for (const message of goodMessageStream(TOTAL, { devices: 1000, now: Date.now() - 5_000 })) {
      await publisher.publish(message.topic, message.payload);
      published += 1;
      if (KILL_AT.includes(published)) {
        // Kill while the bridge is busy, and keep publishing while it is down: the broker holds the session.
        await waitUntilAccepting(bridge);
        restarts.push(bridge.kill().then(() => bridge.spawn()));
      }
    }
    await publisher.drain();
    await publisher.close();
    await Promise.all(restarts);

    const points = await eventually(() => stack.countPoints(), (n) => n >= TOTAL, { timeoutMs: 120_000, intervalMs: 1000 });
    expect(points).toBe(TOTAL);
    // Give a replay that might still be under way the chance to show a duplicate; there must be none.
    await eventually(() => bridge.metric('sensorplus_queue_depth_messages'), (n) => n === 0, { timeoutMs: 30_000 });
    expect(await stack.countPoints()).toBe(TOTAL);
  }, 300_000);
});

/** Waits until the bridge is taking messages, so each kill lands mid-stream rather than during start-up. */
async function waitUntilAccepting(bridge: BridgeProcess): Promise<void> {
  const before = await bridge.metric('sensorplus_messages_accepted_total').catch(() => 0);
  await eventually(
    () => bridge.metric('sensorplus_messages_accepted_total').catch(() => 0),
    (n) => n > before,
    { timeoutMs: 30_000, intervalMs: 50 },
  );
}
