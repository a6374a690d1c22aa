/**
 * The simulator's messages against the message contract (support/message-contract.ts): good
 * readings break no rule, and every fault breaks the one it is labelled with, named as the bridge
 * counts its refusals. hostile-input.test.ts then sends them through the real bridge.
 */
import {
  CONTRACT_VIOLATIONS, HOSTILE_CASES, createFaultInjector, createFleet, createRandom, goodMessages, hostileMessages,
  referenceBuilding, spike, type FaultMode,
} from '@sensorplus/simulator';
import { describe, expect, it } from 'vitest';
import { REJECTION_REASONS } from '../src/model/rejection.js';
import { classify, failingChecks } from './support/message-contract.js';

const NOW = Date.UTC(2024, 5, 3, 12);
const devices = referenceBuilding();

/** `count` readings of the reference building, round robin, one second apart. */
function readings(count: number) {
  const fleet = createFleet({ devices, seed: 3 });
  return Array.from({ length: count }, (_, i) => {
    const now = NOW + i * 1000;
    return { reading: fleet.reading(i % devices.length, now), device: devices[i % devices.length]!, now };
  });
}

describe('hostile messages', () => {
  it('are labelled with reasons the bridge counts refusals under', () => {
    expect(REJECTION_REASONS).toEqual(expect.arrayContaining([...CONTRACT_VIOLATIONS]));
  });

  it.each(hostileMessages(HOSTILE_CASES.length * 3, { now: NOW, seed: 7 }).map((m, i) => [i, m.expectedReason, m.description, m] as const))(
    '#%i %s: %s — has exactly that one thing wrong',
    (_, reason, __, message) => {
      expect(failingChecks(message.topic, message.payload, NOW)).toEqual([reason]);
    },
  );

  it('follow the size limit they are given', () => {
    const routable = hostileMessages(200, { now: NOW, reasons: ['too_large', 'out_of_range'], maxPayloadBytes: 1000 });
    for (const m of routable) expect(classify(m.topic, m.payload, NOW, 1000)).toBe(m.expectedReason);
  });
});

describe('good readings', () => {
  it('break no rule, from a fleet round to a history of 10,000 messages', () => {
    const messages = [...createFleet({ devices, seed: 1 }).round(NOW), ...goodMessages(10_000, { now: NOW })];
    for (const m of messages) expect(classify(m.topic, m.payload, NOW)).toBe('accepted');
  });
});

describe('fault modes', () => {
  it('spike a value just inside the physical range or beyond it', () => {
    const random = createRandom(3);
    const outcomes = readings(400).map(({ reading, now }) => {
      const spiked = spike(reading, random);
      return classify(spiked.topic, spiked.payload, now);
    });
    expect(new Set(outcomes)).toEqual(new Set(['accepted', 'out_of_range']));
  });

  it.each<[FaultMode, (reason: string) => boolean]>([
    ['malformed', (reason) => reason === 'invalid_json' || reason === 'schema'],
    ['hostile', (reason) => reason !== 'accepted'],
  ])('%s: every replaced message is refused', (mode, expected) => {
    const injector = createFaultInjector({ modes: [mode], rate: 1, seed: 1, site: 'demo', devices });
    for (const { reading, device, now } of readings(400)) {
      const message = injector.apply(reading, device, now)!;
      expect(expected(classify(message.topic, message.payload, now)), message.payload.toString()).toBe(true);
    }
  });
});
