import { describe, expect, it } from 'vitest';
import { referenceBuilding } from './building.js';
import { createFaultInjector } from './faults.js';
import { createFleet } from './fleet.js';
import { createQuota, runSimulation, type MessageSink } from './runner.js';

/** Unit tests of the loop only: a fake sink records what would be published. */
function recordingSink(onPublish?: (count: number) => void) {
  const sent: Array<{ topic: string; body: { deviceId: string; ts: number } }> = [];
  const sink: MessageSink = {
    async publish(topic, payload) {
      sent.push({ topic, body: JSON.parse(payload.toString()) as { deviceId: string; ts: number } });
      onPublish?.(sent.length);
    },
  };
  return { sent, sink };
}

const devices = referenceBuilding();
const fleet = () => createFleet({ devices, seed: 1 });

describe('runSimulation', () => {
  it('stops at the count, every device taking its turn', async () => {
    const { sent, sink } = recordingSink();
    const counters = await runSimulation({ fleet: fleet(), sink, intervalMs: 5000, load: true, count: 50 });
    expect(sent).toHaveLength(50);
    expect(counters).toMatchObject({ sent: 50, rounds: 2 });
    expect(sent.slice(0, 21).map((m) => m.body.deviceId)).toEqual(devices.map((d) => d.deviceId));
    expect(sent[21]!.body.deviceId).toBe('temp-1');
  });

  it('spreads a round over the interval and keeps per-device timestamps increasing', async () => {
    const { sent, sink } = recordingSink();
    let now = 1_000;
    await runSimulation({ fleet: fleet(), sink, intervalMs: 21, count: 42, clock: () => now++ });
    const temp1 = sent.filter((m) => m.body.deviceId === 'temp-1').map((m) => m.body.ts);
    expect(temp1).toHaveLength(2);
    expect(temp1[1]).toBeGreaterThan(temp1[0]!);
  });

  it('stops when the signal aborts', async () => {
    const controller = new AbortController();
    const { sent, sink } = recordingSink((n) => n === 10 && controller.abort());
    const counters = await runSimulation({ fleet: fleet(), sink, intervalMs: 1, signal: controller.signal });
    expect(sent).toHaveLength(10);
    expect(counters.sent).toBe(10);
  });

  it('stops when the duration is over', async () => {
    const { sink } = recordingSink();
    const counters = await runSimulation({ fleet: fleet(), sink, intervalMs: 1000, durationMs: 30 });
    expect(counters.sent).toBeGreaterThan(0);
    expect(counters.sent).toBeLessThan(21);
  });

  it('applies faults and counts them, and a silent device publishes nothing', async () => {
    const { sent, sink } = recordingSink();
    const faults = createFaultInjector({ modes: ['silent', 'spikes'], rate: 0.2, seed: 1, site: 'demo', devices, silentDeviceId: 'co2-2', silentAfterMs: 0 });
    const counters = await runSimulation({ fleet: fleet(), sink, faults, intervalMs: 1, load: true, count: 400 });
    expect(sent.some((m) => m.body.deviceId === 'co2-2')).toBe(false);
    expect(counters.faults.silent).toBeGreaterThan(0);
    expect(counters.faults.spikes).toBeGreaterThan(40);
    expect(counters.faults.spikes).toBeLessThan(120);
  });

  it('shares one count between runs that go on at the same time', async () => {
    const quota = createQuota(30);
    const [a, b] = [recordingSink(), recordingSink()];
    const counters = await Promise.all([a, b].map(({ sink }) => runSimulation({ fleet: fleet(), sink, intervalMs: 1, load: true, quota })));
    expect(a.sent.length + b.sent.length).toBe(30);
    expect(Math.min(a.sent.length, b.sent.length)).toBeGreaterThan(0);
    expect(counters[0]!.sent + counters[1]!.sent).toBe(30);
  });

  it('passes on a sink failure', async () => {
    const sink: MessageSink = { publish: async () => { throw new Error('broker gone'); } };
    await expect(runSimulation({ fleet: fleet(), sink, intervalMs: 1, load: true })).rejects.toThrow('broker gone');
  });
});
