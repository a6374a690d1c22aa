import { createTheme } from '@grafana/data';
import { describe, expect, it } from 'vitest';

import { LiveStore } from './live-store.js';
import type { DeviceView, StreamSnapshot } from './protocol.js';

const now = Date.now();
const device = (id: string, kind: string, room: string | undefined, values: Record<string, number>): DeviceView => ({
  profile: 'building',
  site: 'demo',
  device: id,
  kind,
  tags: { site: 'demo', device: id, ...(room ? { room } : {}) },
  lastSeen: now,
  lastTimestamp: now,
  lastValues: values,
  quality: 'good',
  messages: 1,
  status: 'online',
  silentForMs: 0,
});

const reference = (): DeviceView[] => [
  ...[1, 2, 3, 4, 5].flatMap((n) => [
    device(`temp-${n}`, 'temperature', `room${n}`, { value: 21 }),
    device(`hum-${n}`, 'humidity', `room${n}`, { value: 45 }),
    device(`co2-${n}`, 'co2', `room${n}`, { value: n === 3 ? 1600 : 600 }),
    device(`light-${n}`, 'light', `room${n}`, { value: 300 }),
  ]),
  device('solar-plant', 'solar', undefined, { power_w: 3250, voltage: 231, current: 14 }),
];

function store() {
  const live = new LiveStore(createTheme(), () => {});
  const snapshot: StreamSnapshot = { instance: 'a', staleAfterMs: 60_000, frameMs: 100, devices: reference(), recent: {}, stats: {} as StreamSnapshot['stats'] };
  live.applySnapshot(snapshot);
  return live;
}

describe('LiveStore', () => {
  it("lays the bridge's devices out as the panel does: rooms, kinds, presets, the solar plant on the site card", () => {
    const { building } = store().flush();
    expect(building.rooms.map((room) => room.title)).toEqual(['room1', 'room2', 'room3', 'room4', 'room5', 'Site']);
    expect(building.devices.size).toBe(21);
    expect(building.devices.get('room3/co2-3/co2')!.severity).toBe(2);
    expect(building.devices.get('/solar-plant/solar')!.display.text).toBe('3.25');
  });

  it('applies an update to its device and room only, keeping every other model', () => {
    const live = store();
    const before = live.flush().building;
    live.applyDevices([{ ...device('temp-1', 'temperature', 'room1', { value: 23.5 }), lastTimestamp: now + 1000 }]);
    const after = live.flush().building;
    expect(after.devices.get('room1/temp-1/temperature')!.display.text).toBe('23.5');
    expect(after.devices.get('room1/hum-1/humidity')).toBe(before.devices.get('room1/hum-1/humidity'));
    expect(after.rooms[0]).not.toBe(before.rooms[0]);
    after.rooms.slice(1).forEach((room, index) => expect(room).toBe(before.rooms[index + 1]));
  });

  it('shows a device offline as soon as it says so, and online again after its next reading', () => {
    const live = store();
    const temp1 = device('temp-1', 'temperature', 'room1', { value: 21 });
    live.applyDevices([{ ...temp1, lastSeen: now + 1000, reported: { online: false, at: now + 1000 } }]);
    const offline = live.flush().building;
    expect(offline.devices.get('room1/temp-1/temperature')!.status).toBe('offline');
    expect(offline.rooms[0]!.counts.offline).toBe(1);
    live.applyDevices([{ ...temp1, lastSeen: now + 2000, lastTimestamp: now + 2000, reported: { online: false, at: now + 1000 } }]);
    expect(live.flush().building.devices.get('room1/temp-1/temperature')!.status).toBe('ok');
  });

  it('renders once per frame, however many updates arrive in it', () => {
    const frames: Array<() => void> = [];
    const live = new LiveStore(createTheme(), (callback) => frames.push(callback));
    let renders = 0;
    live.subscribe(() => renders++);
    for (let i = 0; i < 10; i++) live.applyDevices([device('temp-1', 'temperature', 'room1', { value: 20 + i })]);
    expect(frames).toHaveLength(1);
    frames[0]!();
    expect(renders).toBe(1);
  });
});
