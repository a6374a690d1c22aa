import type { FieldValue, Quality, Reading } from '../model/reading.js';
import type { DeviceStatus } from '../pipeline/index.js';

/** One accepted message, as the registry learns from it. */
export interface DeviceMessage {
  profile: string;
  device: string;
  reading: Reading;
  /** Set for a status message: what the device said about itself. */
  status?: DeviceStatus;
  /** Payload keys its profile neither maps nor ignores, already bounded for labels (intake/unmapped-keys.ts). */
  unmappedKeys?: readonly string[];
}

export interface DeviceState {
  profile: string;
  site: string;
  device: string;
  /** The measurement of its last reading; absent for a device heard only through status messages. */
  kind?: string;
  /** The InfluxDB tags of its last reading (`room`, `port`…). */
  tags?: Record<string, string>;
  /** Epoch ms of the last accepted message of any sort (bridge clock). */
  lastSeen: number;
  /** `ts` of the last reading (device clock). */
  lastTimestamp?: number;
  lastValues?: Record<string, FieldValue>;
  quality?: Quality;
  messages: number;
  /** Its last status message: online or offline, its firmware, when it arrived (bridge clock). */
  reported?: DeviceStatus & { at: number };
  /** Payload keys its profile neither maps nor ignores, with how many messages carried each. */
  unmappedKeys?: Record<string, number>;
}

/**
 * `offline` when the device's last word was a status saying so (a retained `offline`, its MQTT will);
 * otherwise `stale` once it has been silent longer than the threshold, else `online`.
 */
export interface DeviceView extends DeviceState {
  status: 'online' | 'stale' | 'offline';
  silentForMs: number;
}

export const DEVICE_STATUSES: ReadonlyArray<DeviceView['status']> = ['online', 'stale', 'offline'];

/** Bounds memory if a misbehaving publisher invents device ids: the longest-silent device goes first. */
const DEFAULT_MAX_DEVICES = 100_000;

/**
 * Whether the device's last message was a status saying `offline` (a reading after it means it is
 * back). Judged from the state alone, so the live view applies the same rule to the updates it gets.
 */
export function saidOffline(state: Pick<DeviceState, 'lastSeen' | 'reported'>): boolean {
  return state.reported?.online === false && state.reported.at >= state.lastSeen;
}

/** A device's key: identifiers cannot contain "/", so it is unambiguous, and the same id in two families is two devices. */
export function deviceKey({ profile, site, device }: Pick<DeviceState, 'profile' | 'site' | 'device'>): string {
  return `${profile}/${site}/${device}`;
}

/** Told of every recorded message: the device's key (`profile/site/device`), its new state, the message. */
export type RecordListener = (key: string, state: DeviceState, message: DeviceMessage) => void;

/** A device as the registry holds it: its state, and its key (deviceKey) made once. */
interface Known {
  key: string;
  state: DeviceState;
}

/** Last values and state per device, kept in memory for `/api/devices`; the history lives in InfluxDB. */
export class DeviceRegistry {
  /**
   * Every device by profile, site and device id: a message finds its device with the strings it
   * carries, without building its key (a new string, hashed anew, per message).
   */
  readonly #devices = new Map<string, Map<string, Map<string, Known>>>();
  #size = 0;
  readonly #listeners = new Set<RecordListener>();

  constructor(
    private readonly staleAfterMs: number,
    private readonly maxDevices = DEFAULT_MAX_DEVICES,
  ) {}

  record(message: DeviceMessage, receivedAt: number): void {
    const { profile, device, reading } = message;
    const site = reading.tags.site!;
    let known = this.#devices.get(profile)?.get(site)?.get(device);
    if (known === undefined) {
      if (this.#size >= this.maxDevices) this.#evictLongestSilent();
      known = { key: deviceKey({ profile, site, device }), state: { profile, site, device, lastSeen: receivedAt, messages: 0 } };
      this.#devicesOf(profile, site).set(device, known);
      this.#size += 1;
    }
    const { key, state } = known;
    // Updated in place: one object per device, not one per message (listeners always see the newest state).
    state.lastSeen = receivedAt;
    state.messages += 1;
    if (message.status) {
      state.reported = { ...message.status, at: receivedAt };
    } else {
      state.kind = reading.measurement;
      state.tags = reading.tags;
      state.lastTimestamp = reading.ts;
      state.lastValues = reading.fields;
      state.quality = reading.quality;
    }
    if (message.unmappedKeys) {
      const counts = (state.unmappedKeys ??= {});
      for (const name of message.unmappedKeys) counts[name] = (counts[name] ?? 0) + 1;
    }
    for (const listener of this.#listeners) listener(key, state, message);
  }

  /** Calls `listener` after each recorded message (the live stream, Grafana Live); returns the unsubscribe. */
  onRecord(listener: RecordListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  list(now: number): DeviceView[] {
    return [...this.#all()]
      .map(({ state }) => this.#view(state, now))
      .sort((a, b) => a.site.localeCompare(b.site) || a.device.localeCompare(b.device) || a.profile.localeCompare(b.profile));
  }

  /** A device by id; with several sites, `site` picks one (otherwise the first match). */
  find(device: string, now: number, site?: string): DeviceView | undefined {
    for (const { state } of this.#all()) {
      if (state.device === device && (site === undefined || state.site === site)) return this.#view(state, now);
    }
    return undefined;
  }

  get size(): number {
    return this.#size;
  }

  /**
   * Makes room for new devices: the longest-silent 1 % go at once, so that a publisher inventing ids
   * costs one scan per hundredth of the limit, and a known device costs nothing (no reordering per message).
   */
  #evictLongestSilent(): void {
    const count = Math.max(1, Math.floor(this.maxDevices / 100));
    const oldest = [...this.#all()].sort((a, b) => a.state.lastSeen - b.state.lastSeen).slice(0, count);
    for (const { state } of oldest) {
      const sites = this.#devices.get(state.profile)!;
      const devices = sites.get(state.site)!;
      devices.delete(state.device);
      if (devices.size === 0) sites.delete(state.site);
      this.#size -= 1;
    }
  }

  *#all(): Generator<Known> {
    for (const sites of this.#devices.values()) for (const devices of sites.values()) yield* devices.values();
  }

  #devicesOf(profile: string, site: string): Map<string, Known> {
    let sites = this.#devices.get(profile);
    if (sites === undefined) this.#devices.set(profile, (sites = new Map()));
    let devices = sites.get(site);
    if (devices === undefined) sites.set(site, (devices = new Map()));
    return devices;
  }

  #view(state: DeviceState, now: number): DeviceView {
    const silentForMs = Math.max(0, now - state.lastSeen);
    return { ...state, silentForMs, status: saidOffline(state) ? 'offline' : silentForMs > this.staleAfterMs ? 'stale' : 'online' };
  }
}
