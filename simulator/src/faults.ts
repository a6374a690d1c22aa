/**
 * Fault modes: malformed and hostile messages, value spikes, and a device that falls silent.
 * `hostileMessages` gives the catalogue as fixtures, each with the one contract rule it breaks.
 */
import { DEFAULT_SITE, type DeviceDescriptor } from './building.js';
import { HOSTILE_CASES, type CaseContext, type CaseGroup, type ContractViolation, type HostileCase } from './hostile-cases.js';
import type { FaultMode, SimMessage } from './messages.js';
import { round } from './models.js';
import { createRandom, deriveSeed, uniform, type Random } from './random.js';

export const FAULT_MODES: readonly FaultMode[] = ['malformed', 'hostile', 'spikes', 'silent'];
export const DEFAULT_MAX_PAYLOAD_BYTES = 4096;

export interface HostileMessage {
  topic: string;
  payload: Buffer;
  /** The reason a receiver that checks the contract refuses it with. */
  expectedReason: ContractViolation;
  description: string;
}

export interface HostileMessagesOptions {
  seed?: number;
  site?: string;
  /** The "now" the messages are built around (skew cases are relative to it). Default Date.now(). */
  now?: number;
  /** The receiver's payload limit; the smallest too_large case is one byte over it. Default 4096. */
  maxPayloadBytes?: number;
  /** Only cases with these reasons (e.g. leave out `invalid_topic` when the bridge subscribes to `building/+/+/+`). */
  reasons?: readonly ContractViolation[];
  /** Only cases of these groups. Default both. */
  groups?: readonly CaseGroup[];
}

/**
 * `count` bad messages cycling through every case (in checking order), each with the reason a
 * receiver must count it under. Same seed and `now`, same messages. Each message uses its own room
 * number (`temp-{i+1}`…) and later cycles suffix fixed identifiers, so no device sees a burst.
 */
export function hostileMessages(count: number, options: HostileMessagesOptions = {}): HostileMessage[] {
  const cases = selectCases(options);
  const random = createRandom(options.seed ?? 1);
  const base = { site: options.site ?? DEFAULT_SITE, ts: options.now ?? Date.now(), random, maxPayloadBytes: options.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD_BYTES };
  const messages: HostileMessage[] = [];
  for (let i = 0; i < count; i++) {
    const cycle = Math.floor(i / cases.length);
    const context: CaseContext = { ...base, room: i + 1, tag: cycle === 0 ? '' : `-${cycle + 1}` };
    messages.push(buildCase(cases[i % cases.length]!, context));
  }
  return messages;
}

function selectCases(options: HostileMessagesOptions): HostileCase[] {
  const cases = HOSTILE_CASES.filter(
    (c) => (!options.reasons || options.reasons.includes(c.reason)) && (!options.groups || options.groups.includes(c.group)),
  );
  if (cases.length === 0) throw new Error('no hostile case matches the given reasons and groups');
  return cases;
}

export function buildCase(hostileCase: HostileCase, context: CaseContext): HostileMessage {
  const { topic, payload } = hostileCase.build(context);
  return { topic, payload: toBuffer(payload), expectedReason: hostileCase.reason, description: hostileCase.description };
}

function toBuffer(payload: unknown): Buffer {
  if (Buffer.isBuffer(payload)) return payload;
  if (typeof payload === 'string') return Buffer.from(payload, 'utf8');
  return Buffer.from(JSON.stringify(payload), 'utf8');
}

/** Physical edges as the bridge knows them; spikes land just inside ("suspect") or beyond. */
const SPIKES: Record<string, { suspect: [number, number]; outside: [number, number] }> = {
  temperature: { suspect: [95, 99.9], outside: [120, 300] },
  humidity: { suspect: [99, 100], outside: [101, 150] },
  co2: { suspect: [36_000, 40_000], outside: [45_000, 90_000] },
  light: { suspect: [180_000, 200_000], outside: [250_000, 500_000] },
};

/** The same reading with a sudden outlier: near the physical edge half of the time, beyond it otherwise. */
export function spike(message: SimMessage, random: Random): SimMessage {
  const body = JSON.parse(message.payload.toString('utf8')) as Record<string, unknown>;
  const outside = random() < 0.5;
  const ranges = SPIKES[String(body.kind)];
  if (ranges) {
    const [min, max] = outside ? ranges.outside : ranges.suspect;
    body.value = round(uniform(random, min, max), 1);
  } else {
    spikeSolar(body, outside, random);
  }
  return { ...message, payload: Buffer.from(JSON.stringify(body), 'utf8'), fault: 'spikes' };
}

/** Solar: a power surge (no upper limit, but implausible) or an over-voltage beyond 1,500 V. */
function spikeSolar(body: Record<string, unknown>, outside: boolean, random: Random): void {
  const powerW = round(outside ? Number(body.powerW) || 1000 : uniform(random, 20_000, 50_000), 1);
  const voltage = round(outside ? uniform(random, 1600, 2500) : Number(body.voltage) || 380, 1);
  Object.assign(body, { powerW, voltage, current: round(powerW / voltage, 2) });
}

export interface FaultInjectorOptions {
  modes: readonly FaultMode[];
  /** Share of messages replaced by a malformed, hostile or spiked one, 0–1. */
  rate: number;
  seed: number;
  site: string;
  devices: readonly DeviceDescriptor[];
  /** The device that falls silent (mode `silent`); default a seeded pick. */
  silentDeviceId?: string;
  /** How long after the first message it falls silent. Default 60 s. */
  silentAfterMs?: number;
  maxPayloadBytes?: number;
}

export interface FaultInjector {
  readonly silentDeviceId: string | undefined;
  /** The message to publish instead of `message`, or undefined to publish nothing. */
  apply(message: SimMessage, device: DeviceDescriptor, now: number): SimMessage | undefined;
}

export function createFaultInjector(options: FaultInjectorOptions): FaultInjector {
  assertFaultOptions(options);
  const random = createRandom(deriveSeed(options.seed, 'faults'));
  const silentDeviceId = options.modes.includes('silent') ? pickSilentDevice(options, random) : undefined;
  const replacing = options.modes.filter((mode) => mode !== 'silent');
  const silentAfterMs = options.silentAfterMs ?? 60_000;
  let startedAt: number | undefined;
  const apply = (message: SimMessage, device: DeviceDescriptor, now: number): SimMessage | undefined => {
    startedAt ??= now;
    if (device.deviceId === silentDeviceId && now - startedAt >= silentAfterMs) return undefined;
    if (replacing.length === 0 || random() >= options.rate) return message;
    const mode = replacing[Math.floor(random() * replacing.length)]!;
    return mode === 'spikes' ? spike(message, random) : badMessage(mode, device, now, random, options);
  };
  return { silentDeviceId, apply };
}

function badMessage(mode: CaseGroup, device: DeviceDescriptor, now: number, random: Random, options: FaultInjectorOptions): SimMessage {
  const cases = HOSTILE_CASES.filter((c) => c.group === mode);
  const chosen = cases[Math.floor(random() * cases.length)]!;
  const context: CaseContext = { site: options.site, room: device.roomNumber ?? 1, tag: '', ts: now, random, maxPayloadBytes: options.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD_BYTES };
  const { topic, payload } = buildCase(chosen, context);
  return { topic, payload, deviceId: device.deviceId, ts: now, fault: mode };
}

function pickSilentDevice(options: FaultInjectorOptions, random: Random): string {
  if (options.silentDeviceId !== undefined) return options.silentDeviceId;
  return options.devices[Math.floor(random() * options.devices.length)]!.deviceId;
}

function assertFaultOptions(options: FaultInjectorOptions): void {
  const unknown = options.modes.filter((mode) => !FAULT_MODES.includes(mode));
  if (unknown.length > 0) throw new Error(`unknown fault mode(s): ${unknown.join(', ')} (known: ${FAULT_MODES.join(', ')})`);
  if (!(options.rate >= 0 && options.rate <= 1)) throw new Error(`fault rate must be between 0 and 1, got ${options.rate}`);
  if (options.silentDeviceId !== undefined && !options.devices.some((d) => d.deviceId === options.silentDeviceId)) {
    throw new Error(`silent device ${options.silentDeviceId} is not one of the simulated devices`);
  }
}
