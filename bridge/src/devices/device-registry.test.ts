import { describe, expect, it } from 'vitest';
import type { DeviceMessage } from './device-registry.js';
import { DeviceRegistry } from './device-registry.js';

const reading = (device: string, value: number, room?: string): DeviceMessage => ({
  profile: 'building',
  device,
  reading: { measurement: 'temperature', tags: { site: 'demo', device, ...(room ? { room } : {}) }, ts: 1_000, fields: { value }, quality: 'good' },
});

const status = (device: string, online: boolean): DeviceMessage => ({
  profile: 'solar-tracker',
  device,
  reading: { measurement: 'device_status', tags: { site: 'default', device, profile: 'solar-tracker' }, ts: 1_000, fields: { online, firmware: '1.4.2' }, quality: 'good' },
  status: { online, firmware: '1.4.2' },
});

describe('DeviceRegistry', () => {
  it('keeps the last values and counts messages per device', () => {
    const registry = new DeviceRegistry(60_000);
    registry.record(reading('temp-1', 20, 'room1'), 1_000);
    registry.record(reading('temp-1', 21, 'room1'), 2_000);
    const device = registry.find('temp-1', 2_500)!;
    expect(device).toMatchObject({ lastValues: { value: 21 }, messages: 2, lastSeen: 2_000, tags: { room: 'room1' }, status: 'online', silentForMs: 500 });
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
    // Forgotten for good: heard again, it starts afresh (and `a`, now longest silent, makes room).
    registry.record(reading('b', 2), 6);
    expect(registry.list(7).map((d) => [d.device, d.messages])).toEqual([
      ['b', 1],
      ['c', 1],
    ]);
  });

  it('shows a device offline when its last word was an offline status, and online again after a reading', () => {
    const registry = new DeviceRegistry(60_000);
    registry.record(status('tracker-1', false), 1_000);
    expect(registry.find('tracker-1', 1_500)).toMatchObject({ status: 'offline', reported: { online: false, firmware: '1.4.2', at: 1_000 } });
    expect(registry.find('tracker-1', 1_500)).not.toHaveProperty('lastValues');
    const telemetry: DeviceMessage = {
      profile: 'solar-tracker',
      device: 'tracker-1',
      reading: { measurement: 'solar_tracker', tags: { site: 'default', device: 'tracker-1' }, ts: 2_000, fields: { power_w: 5 }, quality: 'good' },
    };
    registry.record(telemetry, 2_000);
    expect(registry.find('tracker-1', 2_500)).toMatchObject({ status: 'online', kind: 'solar_tracker', lastValues: { power_w: 5 }, reported: { online: false } });
    registry.record(status('tracker-1', true), 3_000);
    expect(registry.find('tracker-1', 3_000 + 60_001)!.status).toBe('stale');
  });

  it('counts the unmapped keys of each device', () => {
    const registry = new DeviceRegistry(60_000);
    registry.record({ ...reading('temp-1', 20), unmappedKeys: ['firmware', 'rssi'] }, 1_000);
    registry.record({ ...reading('temp-1', 21), unmappedKeys: ['rssi'] }, 2_000);
    registry.record(reading('temp-1', 22), 3_000);
    expect(registry.find('temp-1', 3_000)!.unmappedKeys).toEqual({ firmware: 1, rssi: 2 });
  });

  it('keeps the same id in two profiles apart', () => {
    const registry = new DeviceRegistry(60_000);
    registry.record(reading('dev-1', 1), 1);
    registry.record({ ...reading('dev-1', 2), profile: 'other' }, 2);
    expect(registry.size).toBe(2);
  });
});
