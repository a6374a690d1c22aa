import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goodMessages, hostileMessages, Publisher, type HostileMessage, type SimMessage } from '@sensorplus/simulator';
import { DEFAULT_PIPELINE_OPTIONS } from '../../src/pipeline/index.js';
import { loadProfiles } from '../../src/profiles/index.js';
import type { BridgeProcess } from '../support/bridge-process.js';
import { hostileCases, sampleMessage } from '../support/profile-samples.js';
import { StackFixture, eventually } from '../support/stack-fixture.js';

const GOOD = 10_000;
const HOSTILE = 1_200;

describe('hostile input mixed with good messages (real Mosquitto + InfluxDB)', () => {
  let stack: StackFixture;
  let bridge: BridgeProcess;

  beforeAll(async () => {
    stack = await StackFixture.start('hostile');
    // Every level under each family's first level, so that malformed topics reach the bridge too and are counted as invalid_topic.
    bridge = await stack.startBridge({ MQTT_TOPICS: 'building/#,solar-tracker/#,flexotwin/#', RATE_LIMIT_PER_DEVICE: '0' });
  }, 60_000);
  afterAll(async () => stack?.stop());

  it('stores exactly the good ones and counts every bad one under its reason', async () => {
    const now = Date.now();
    const good = goodMessages(GOOD, { devices: 200, now: now - 60_000 });
    const hostile = hostileMessages(HOSTILE, { now, seed: 7 });
    const mixed = interleave(good, hostile);
    const publisher = await Publisher.connect(stack.publisherOptions());
    for (const message of mixed) await publisher.publish(message.topic, message.payload);
    await publisher.drain();
    await publisher.close();

    const expectedByReason = new Map<string, number>();
    for (const h of hostile) expectedByReason.set(h.expectedReason, (expectedByReason.get(h.expectedReason) ?? 0) + 1);

    const points = await eventually(() => stack.countPoints(), (n) => n >= GOOD, { timeoutMs: 60_000 });
    const rejected = await eventually(() => bridge.metric('sensorplus_messages_rejected_total'), (n) => n >= HOSTILE, { timeoutMs: 30_000 });
    expect(points).toBe(GOOD);
    expect(rejected).toBe(HOSTILE);
    for (const [reason, count] of expectedByReason) {
      expect({ reason, count: await bridge.metric('sensorplus_messages_rejected_total', { reason }) }).toEqual({ reason, count });
    }
    expect(await bridge.metric('sensorplus_messages_accepted_total')).toBe(GOOD);
    expect(await bridge.metric('sensorplus_messages_received_total')).toBe(GOOD + HOSTILE);

    // The operator sees recent rejections with a reason and enough of the message to debug it.
    const recent = await bridge.json<{ total: number; rejections: Array<{ reason: string; detail: string; topic: string; payloadExcerpt: string }> }>(
      '/api/rejections?limit=50',
    );
    expect(recent.total).toBe(HOSTILE);
    expect(recent.rejections).toHaveLength(50);
    for (const r of recent.rejections) expect(r.detail.length).toBeGreaterThan(10);

    // No injected tag or measurement made it into InfluxDB.
    const { influxQuery } = await import('../../src/influx/index.js');
    const tags = await influxQuery(stack.influxConnection, 'SHOW TAG KEYS');
    const keys = new Set(tags.flatMap((s) => s.values.map((v) => String(v[0]))));
    expect([...keys].sort()).toEqual(['device', 'room', 'site']);
    const measurements = await influxQuery(stack.influxConnection, 'SHOW MEASUREMENTS');
    expect(measurements[0]!.values.map((v) => v[0]).sort()).toEqual(['co2', 'humidity', 'light', 'solar', 'temperature']);
    expect((await bridge.fetch('/health')).status).toBe(200);
  }, 240_000);

  it('refuses every shipped MQTT profile\'s hostile messages for the one rule each breaks, and stores its good ones', async () => {
    const now = Date.now();
    const profiles = loadProfiles().filter((p) => p.topic !== undefined);
    const good = profiles.flatMap((profile) =>
      // A device each: the families' own rate limits apply whatever RATE_LIMIT_PER_DEVICE says.
      Array.from({ length: 10 }, (_, i) => ({ profile, message: sampleMessage(profile, now, `${profile.name}-good-${i}`) })),
    );
    const hostile = profiles.flatMap((profile) => hostileCases(profile, now, `${profile.name}-bad`, DEFAULT_PIPELINE_OPTIONS.maxPayloadBytes));
    const reasons = [...new Set(hostile.map((h) => h.reason))];
    const before = new Map(await Promise.all(reasons.map(async (r) => [r, await bridge.metric('sensorplus_messages_rejected_total', { reason: r })] as const)));
    const acceptedBefore = await bridge.metric('sensorplus_messages_accepted_total');

    const publisher = await Publisher.connect(stack.publisherOptions());
    for (const { message } of good) await publisher.publish(message.topic!, Buffer.from(JSON.stringify(message.payload)));
    for (const h of hostile) await publisher.publish(h.topic, h.payload);
    await publisher.drain();
    await publisher.close();

    const accepted = await eventually(() => bridge.metric('sensorplus_messages_accepted_total'), (n) => n >= acceptedBefore + good.length, { timeoutMs: 30_000 });
    expect(accepted - acceptedBefore).toBe(good.length);
    for (const reason of reasons) {
      const expected = hostile.filter((h) => h.reason === reason).length;
      const counted = await eventually(() => bridge.metric('sensorplus_messages_rejected_total', { reason }), (n) => n >= before.get(reason)! + expected, { timeoutMs: 30_000 });
      expect({ reason, counted: counted - before.get(reason)! }).toEqual({ reason, counted: expected });
    }
    for (const profile of profiles.filter((p) => p.name !== 'building')) {
      const measurement = profile.kinds[0]!.kind;
      expect(await eventually(() => stack.countPoints(`"${measurement}"`), (n) => n >= 10, { timeoutMs: 30_000 })).toBe(10);
    }
  }, 240_000);
});

function interleave(good: SimMessage[], hostile: HostileMessage[]): Array<{ topic: string; payload: Buffer }> {
  const out: Array<{ topic: string; payload: Buffer }> = [];
  const every = Math.floor(good.length / hostile.length);
  let h = 0;
  good.forEach((message, i) => {
    out.push(message);
    if (i % every === 0 && h < hostile.length) out.push(hostile[h++]!);
  });
  while (h < hostile.length) out.push(hostile[h++]!);
  return out;
}
