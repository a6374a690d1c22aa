import { describe, expect, it } from 'vitest';
import { referenceBuilding } from './building.js';

describe('referenceBuilding', () => {
  it('is the original system: 21 devices with its ids, rooms and topics', () => {
    const devices = referenceBuilding();
    const expected = [1, 2, 3, 4, 5].flatMap((n) => [`temp-${n}`, `hum-${n}`, `co2-${n}`, `light-${n}`]);
    expect(devices).toHaveLength(21);
    expect(devices.map((d) => d.deviceId)).toEqual([...expected, 'solar-plant']);
    expect(devices[0]).toEqual({
      site: 'demo', deviceId: 'temp-1', kind: 'temperature', roomId: 'room1', roomNumber: 1,
      topic: 'building/demo/temperature/temp-1',
    });
    expect(devices.find((d) => d.deviceId === 'co2-5')).toMatchObject({ kind: 'co2', roomId: 'room5', topic: 'building/demo/co2/co2-5' });
    expect(devices.find((d) => d.deviceId === 'hum-3')?.topic).toBe('building/demo/humidity/hum-3');
    expect(devices.find((d) => d.deviceId === 'light-2')?.topic).toBe('building/demo/light/light-2');
  });

  it('puts the solar plant in no room', () => {
    const solar = referenceBuilding().at(-1);
    expect(solar).toEqual({ site: 'demo', deviceId: 'solar-plant', kind: 'solar', topic: 'building/demo/solar/solar-plant' });
  });

  it('scales to an exact device count by adding rooms', () => {
    const devices = referenceBuilding({ devices: 2000 });
    expect(devices).toHaveLength(2000);
    expect(new Set(devices.map((d) => d.deviceId)).size).toBe(2000);
    expect(new Set(devices.map((d) => d.topic)).size).toBe(2000);
    expect(devices.at(-2)?.deviceId).toBe('co2-500'); // 1,999 room sensors: 499 full rooms and three in room 500
    expect(devices.filter((d) => d.kind === 'solar')).toHaveLength(1);
  });

  it('takes a site and a room count', () => {
    const devices = referenceBuilding({ site: 'hq-2', rooms: 10 });
    expect(devices).toHaveLength(41);
    expect(devices.every((d) => d.topic.startsWith('building/hq-2/'))).toBe(true);
  });

  it('refuses what the bridge would refuse or what makes no sense', () => {
    expect(() => referenceBuilding({ site: 'a b' })).toThrow(/site/);
    expect(() => referenceBuilding({ devices: 0 })).toThrow(/devices/);
    expect(() => referenceBuilding({ devices: 30, rooms: 3 })).toThrow(/either/);
  });
});
