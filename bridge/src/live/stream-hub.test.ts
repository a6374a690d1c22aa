import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import type { DeviceState } from '../devices/device-registry.js';
import { createLiveMetrics } from '../metrics/live-metrics.js';
import type { LiveStats } from './live-stats.js';
import { DEFAULT_STREAM_OPTIONS, StreamHub, type StreamClient } from './stream-hub.js';

/** A client that never reads: everything written stays buffered, as on a socket nobody drains. */
class StalledClient implements StreamClient {
  writableLength = 0;
  chunks: string[] = [];
  destroyed = false;
  write(chunk: string): boolean {
    this.chunks.push(chunk);
    this.writableLength += Buffer.byteLength(chunk);
    return false;
  }
  end(): void {}
  destroy(): void {
    this.destroyed = true;
  }
}

/** A client that reads everything at once. */
class ReadingClient extends StalledClient {
  override write(chunk: string): boolean {
    this.chunks.push(chunk);
    return true;
  }
}

const stats = { uptimeSeconds: 1 } as LiveStats;
const state = (device: string, value: number): DeviceState => ({
  profile: 'building',
  site: 'demo',
  device,
  kind: 'temperature',
  tags: { site: 'demo', device, room: 'room1' },
  lastSeen: 1,
  lastTimestamp: 1,
  lastValues: { value },
  quality: 'good',
  messages: 1,
});

function hub(maxBufferedBytes = DEFAULT_STREAM_OPTIONS.maxBufferedBytes) {
  const registry = new Registry();
  const metrics = createLiveMetrics(registry);
  const sources = { devices: () => [], recent: () => ({}), stats: () => stats, sampleStats: () => {}, staleAfterMs: 60_000 };
  return { hub: new StreamHub(sources, metrics, { ...DEFAULT_STREAM_OPTIONS, maxBufferedBytes, maxClients: 2 }), registry };
}

const events = (client: StalledClient, name: string) =>
  client.chunks.filter((chunk) => chunk.includes(`event: ${name}\n`)).map((chunk) => JSON.parse(/data: (.*)\n/.exec(chunk)![1]!) as unknown);

let running: StreamHub | undefined;
afterEach(() => running?.stop());

describe('StreamHub', () => {
  it('starts a client with a snapshot, then sends each device once per frame with its newest state', () => {
    const { hub: h } = hub();
    running = h;
    const client = new ReadingClient();
    expect(h.connect(client)).toBeTypeOf('function');
    expect(client.chunks[0]).toMatch(/^retry: 1000\nid: [0-9a-f]+:1\nevent: snapshot\n/);
    for (let i = 0; i < 10; i++) h.publish('building/demo/temp-1', state('temp-1', i));
    h.publish('building/demo/hum-1', state('hum-1', 50));
    h.flush();
    h.flush();
    const batches = events(client, 'devices') as DeviceState[][];
    expect(batches).toHaveLength(1);
    expect(batches[0]!.map((d) => [d.device, d.lastValues!.value])).toEqual([
      ['temp-1', 9],
      ['hum-1', 50],
    ]);
  });

  it('drops a client that stops reading once its unsent data passes the bound, and counts it', async () => {
    const { hub: h, registry } = hub(4096);
    running = h;
    const stalled = new StalledClient();
    const reader = new ReadingClient();
    h.connect(stalled);
    h.connect(reader);
    for (let frame = 0; frame < 100 && !stalled.destroyed; frame++) {
      for (let d = 0; d < 20; d++) h.publish(`building/demo/temp-${d}`, state(`temp-${d}`, frame));
      h.flush();
    }
    expect(stalled.destroyed).toBe(true);
    expect(stalled.writableLength).toBeLessThan(4096 * 2);
    expect(reader.destroyed).toBe(false);
    expect(h.clientCount).toBe(1);
    const metrics = await registry.metrics();
    expect(metrics).toContain('sensorplus_stream_clients_dropped_total 1');
    expect(metrics).toContain('sensorplus_stream_clients 1');
  });

  it('refuses clients past the limit, and counts them', async () => {
    const { hub: h, registry } = hub();
    running = h;
    expect(h.connect(new ReadingClient())).toBeTypeOf('function');
    expect(h.connect(new ReadingClient())).toBeTypeOf('function');
    expect(h.connect(new ReadingClient())).toBe(false);
    expect(await registry.metrics()).toContain('sensorplus_stream_clients_refused_total 1');
  });
});
