import { describe, expect, it } from 'vitest';
import { referenceBuilding } from './building.js';
import { DAY_MS } from './curves.js';
import { createFleet, goodMessageStream, goodMessages } from './fleet.js';

// That these readings meet the message contract is checked against the contract as the bridge
// applies it, in bridge/test/simulator-messages.test.ts.

const NOW = Date.UTC(2022, 0, 3, 12);

describe('createFleet', () => {
  it('publishes one reading per device per round, in the original format', () => {
    const fleet = createFleet({ devices: referenceBuilding(), seed: 1 });
    const round = fleet.round(NOW);
    expect(round.map((m) => m.deviceId)).toEqual(referenceBuilding().map((d) => d.deviceId));
    expect(Object.keys(JSON.parse(round[0]!.payload.toString()))).toEqual(['deviceId', 'kind', 'value', 'unit', 'roomId', 'ts']);
    expect(Object.keys(JSON.parse(round[20]!.payload.toString()))).toEqual(['deviceId', 'kind', 'powerW', 'voltage', 'current', 'ts']);
  });

  it('keeps each device\'s timestamps strictly increasing even within one millisecond', () => {
    const fleet = createFleet({ devices: referenceBuilding(), seed: 1 });
    const stamps = [fleet.round(NOW), fleet.round(NOW), fleet.round(NOW - 5)].map((round) => round[3]!.ts);
    expect(stamps).toEqual([NOW, NOW + 1, NOW + 2]);
  });
});

describe('goodMessages', () => {
  it('gives 10,000 messages with unique (deviceId, ts) pairs over many devices', () => {
    const messages = goodMessages(10_000, { now: NOW });
    expect(messages).toHaveLength(10_000);
    expect(new Set(messages.map((m) => `${m.deviceId}@${m.ts}`)).size).toBe(10_000);
    expect(new Set(messages.map((m) => m.deviceId)).size).toBe(1000);
    expect(Math.max(...messages.map((m) => m.ts))).toBe(NOW);
  });

  it('gives 100,000 unique pairs', () => {
    const seen = new Set<string>();
    for (const message of goodMessageStream(100_000, { now: NOW })) seen.add(`${message.deviceId}@${message.ts}`);
    expect(seen.size).toBe(100_000);
  });

  it('is deterministic for a seed and honours site, devices and step', () => {
    const options = { now: NOW, seed: 5, site: 'lab', devices: 50, stepMs: 250 };
    const a = goodMessages(500, options);
    expect(a.map((m) => m.payload.toString())).toEqual(goodMessages(500, options).map((m) => m.payload.toString()));
    expect(new Set(a.map((m) => m.deviceId)).size).toBe(50);
    expect(a.every((m) => m.topic.startsWith('building/lab/'))).toBe(true);
    expect(a[50]!.ts - a[0]!.ts).toBe(250);
  });

  it('refuses a history that would reach past the bridge\'s 7-day limit', () => {
    expect(() => goodMessages(10, { devices: 1, stepMs: DAY_MS })).toThrow(/span/);
  });
});
