import { describe, expect, it } from 'vitest';
import type { Reading } from '../model/reading.js';
import { DeviceRegistry } from './device-registry.js';

const reading = (device: string, value: number, room?: string): Reading => ({
  site: 'demo',
  device,
  kind: 'temperature',
  ...(room ? { room } : {}),
  ts: 1_000,
  fields: { value },
  quality: 'good',
});

describe('DeviceRegistry', () => {
  it('keeps the last values and counts messages per device', () => {
    const registry = new DeviceRegistry(60_000);
    registry.record(reading('temp-1', 20, 'room1'), 1_000);
    registry.record(reading('temp-1', 21, 'room1'), 2_000);
    const device = registry.find('temp-1', 2_500)!;
    expect(device).toMatchObject({ lastValues: { value: 21 }, messages: 2, lastSeen: 2_000, room: 'room1', status: 'online', silentForMs: 500 });
  });

  it('marks a device stale once it has been silent longer than the threshold', () => {
    const registry = new DeviceRegistry(60_000);
    registry.record(reading('temp-1', 20), 0);
    expect(registry.find('temp-1', 60_000)!.status).toBe('online');
    expect(registry.find('temp-1', 60_001)!.status).toBe('stale');
  });

  it('evicts the longest-silent device when full', () => {
    const registry = new DeviceRegistry(60_000, 2);
    registry.record(reading('a', 1), 1);
    registry.record(reading('b', 1), 2);
    registry.record(reading('a', 2), 3);
    registry.record(reading('c', 1), 4);
    expect(registry.list(5).map((d) => d.device)).toEqual(['a', 'c']);
  });
});
