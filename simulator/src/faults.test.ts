import { describe, expect, it } from 'vitest';
import { referenceBuilding } from './building.js';
import { createFaultInjector, hostileMessages, spike } from './faults.js';
import { createFleet } from './fleet.js';
import { CONTRACT_VIOLATIONS, HOSTILE_CASES } from './hostile-cases.js';
import { createRandom } from './random.js';

// Whether each message breaks exactly its one rule is checked against the contract as the bridge
// applies it, in bridge/test/simulator-messages.test.ts.

const NOW = Date.UTC(2024, 5, 3, 12);
const all = hostileMessages(HOSTILE_CASES.length * 3, { now: NOW, seed: 7 });
const ofReason = (reason: string) => all.filter((m) => m.expectedReason === reason);
const text = (payload: Buffer) => payload.toString('utf8');

describe('hostileMessages', () => {
  it('covers every rule of the contract, in checking order', () => {
    expect(HOSTILE_CASES.map((c) => c.reason).filter((r, i, a) => a.indexOf(r) === i)).toEqual(CONTRACT_VIOLATIONS);
  });

  it('cycles through all cases', () => {
    expect(all.slice(0, HOSTILE_CASES.length).map((m) => m.description)).toEqual(HOSTILE_CASES.map((c) => c.description));
    expect(all[HOSTILE_CASES.length]!.description).toBe(HOSTILE_CASES[0]!.description);
  });

  it('too_large ones really exceed 4096 bytes, one by a single byte, one beyond 64 KiB', () => {
    const sizes = ofReason('too_large').map((m) => m.payload.length);
    expect(Math.min(...sizes)).toBe(4097);
    expect(Math.max(...sizes)).toBeGreaterThan(64 * 1024);
  });

  it('invalid_json ones really fail to parse, the rest are under the limit', () => {
    for (const m of ofReason('invalid_json')) {
      expect(() => JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(m.payload)), m.description).toThrow();
    }
    expect(all.filter((m) => m.expectedReason !== 'too_large').every((m) => m.payload.length <= 4096)).toBe(true);
  });

  it('schema ones parse as JSON', () => {
    for (const m of ofReason('schema')) expect(() => JSON.parse(text(m.payload)), m.description).not.toThrow();
  });

  it('contains the attacks the old system was exposed to', () => {
    const payloads = all.map((m) => text(m.payload));
    const topics = all.map((m) => m.topic);
    expect(topics).toContain('building/demo/temperature/a,b=c d');
    expect(topics).toContain("building/demo/temperature/'; DROP TABLE x;--");
    expect(payloads.some((p) => p.includes('\\n'))).toBe(true); // a newline inside an identifier
    expect(payloads.some((p) => p.includes('"value":NaN'))).toBe(true);
    expect(payloads.some((p) => p.includes('"value":Infinity'))).toBe(true);
    expect(payloads.some((p) => p.includes('"value":1e309'))).toBe(true);
    const parsed = payloads.flatMap((p) => { try { return [JSON.parse(p) as unknown]; } catch { return []; } })
      .filter((p): p is Record<string, unknown> => typeof p === 'object' && p !== null);
    expect(parsed).toContainEqual(expect.objectContaining({ kind: 'humidity', value: 140 }));
    expect(parsed).toContainEqual(expect.objectContaining({ kind: 'temperature', value: 1e6 }));
    const years = parsed.map((p) => (typeof p.ts === 'number' ? new Date(p.ts).getUTCFullYear() : 0));
    expect(years).toContain(1970);
    expect(years).toContain(2200);
    expect(parsed).toContainEqual(expect.objectContaining({ ts: Math.floor(NOW / 1000) }));
  });

  it('is deterministic for a seed and a clock, and the seed matters', () => {
    const again = hostileMessages(all.length, { now: NOW, seed: 7 });
    expect(again).toEqual(all);
    const other = hostileMessages(all.length, { now: NOW, seed: 8 });
    expect(other.some((m, i) => !m.payload.equals(all[i]!.payload))).toBe(true);
  });

  it('spreads messages over devices so no device sees a burst of 40', () => {
    const perDevice = new Map<string, number>();
    for (const m of hostileMessages(2000, { now: NOW })) {
      const device = m.topic.split('/')[3] ?? '';
      perDevice.set(device, (perDevice.get(device) ?? 0) + 1);
    }
    expect(Math.max(...perDevice.values())).toBeLessThan(40);
  });

  it('filters by reason and follows the size limit it is given', () => {
    const routable = hostileMessages(200, { now: NOW, reasons: ['too_large', 'out_of_range'], maxPayloadBytes: 1000 });
    expect(new Set(routable.map((m) => m.expectedReason))).toEqual(new Set(['too_large', 'out_of_range']));
    expect(Math.min(...routable.filter((m) => m.expectedReason === 'too_large').map((m) => m.payload.length))).toBe(1001);
    expect(() => hostileMessages(1, { reasons: [] })).toThrow(/no hostile case/);
  });
});

describe('spike', () => {
  it('keeps device and time but changes the values', () => {
    const fleet = createFleet({ devices: referenceBuilding(), seed: 3 });
    const random = createRandom(3);
    for (let i = 0; i < 400; i++) {
      const reading = fleet.reading(i % 21, NOW + i * 1000);
      const spiked = spike(reading, random);
      const before = JSON.parse(text(reading.payload)) as Record<string, unknown>;
      const after = JSON.parse(text(spiked.payload)) as Record<string, unknown>;
      expect(after).toMatchObject({ deviceId: before.deviceId, ts: before.ts });
      expect(after).not.toEqual(before);
      expect(spiked.fault).toBe('spikes');
    }
  });
});

describe('createFaultInjector', () => {
  const devices = referenceBuilding();
  const base = { seed: 1, site: 'demo', devices };
  const run = (options: Parameters<typeof createFaultInjector>[0], rounds = 20) => {
    const injector = createFaultInjector(options);
    const fleet = createFleet({ devices, seed: 1 });
    const out = [];
    for (let r = 0; r < rounds; r++) {
      for (let i = 0; i < devices.length; i++) {
        const now = NOW + r * 5000;
        const reading = fleet.reading(i, now);
        out.push({ device: devices[i]!.deviceId, now, reading, message: injector.apply(reading, devices[i]!, now) });
      }
    }
    return { injector, out };
  };

  it('changes nothing at rate 0', () => {
    const { out } = run({ ...base, modes: ['malformed', 'hostile', 'spikes'], rate: 0 });
    expect(out.every((o) => o.message === o.reading && !o.message.fault)).toBe(true);
  });

  it('replaces every message with a malformed one at rate 1', () => {
    const { out } = run({ ...base, modes: ['malformed'], rate: 1 });
    for (const { message, reading } of out) {
      expect(message?.fault).toBe('malformed');
      expect(message?.payload).not.toEqual(reading.payload);
    }
  });

  it('mixes modes at the given rate', () => {
    const { out } = run({ ...base, modes: ['malformed', 'hostile', 'spikes'], rate: 0.3 }, 100);
    const faulty = out.filter((o) => o.message?.fault);
    expect(faulty.length / out.length).toBeGreaterThan(0.25);
    expect(faulty.length / out.length).toBeLessThan(0.35);
    expect(new Set(faulty.map((o) => o.message?.fault))).toEqual(new Set(['malformed', 'hostile', 'spikes']));
  });

  it('silences the chosen device after the given time and no other', () => {
    const { out, injector } = run({ ...base, modes: ['silent'], rate: 0, silentDeviceId: 'hum-3', silentAfterMs: 30_000 });
    expect(injector.silentDeviceId).toBe('hum-3');
    const missing = out.filter((o) => o.message === undefined);
    expect(new Set(missing.map((o) => o.device))).toEqual(new Set(['hum-3']));
    expect(Math.min(...missing.map((o) => o.now))).toBe(NOW + 30_000);
    expect(missing).toHaveLength(out.filter((o) => o.device === 'hum-3' && o.now >= NOW + 30_000).length);
  });

  it('picks a silent device from the seed when none is given', () => {
    const a = createFaultInjector({ ...base, modes: ['silent'], rate: 0 }).silentDeviceId;
    expect(devices.map((d) => d.deviceId)).toContain(a);
    expect(createFaultInjector({ ...base, modes: ['silent'], rate: 0 }).silentDeviceId).toBe(a);
  });

  it('refuses bad options', () => {
    expect(() => createFaultInjector({ ...base, modes: ['chaos' as never], rate: 0 })).toThrow(/unknown fault mode/);
    expect(() => createFaultInjector({ ...base, modes: ['spikes'], rate: 1.5 })).toThrow(/rate/);
    expect(() => createFaultInjector({ ...base, modes: ['silent'], rate: 0, silentDeviceId: 'nope' })).toThrow(/silent device/);
  });
});
