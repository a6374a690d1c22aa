import type { Reading } from '../model/reading.js';

export interface DeviceState {
  site: string;
  device: string;
  kind: string;
  room?: string;
  /** Epoch ms of the last accepted message (bridge clock). */
  lastSeen: number;
  /** `ts` of the last reading (device clock). */
  lastTimestamp: number;
  lastValues: Record<string, number | boolean>;
  quality: Reading['quality'];
  messages: number;
}

export interface DeviceView extends DeviceState {
  status: 'online' | 'stale';
  silentForMs: number;
}

/** Bounds memory if a misbehaving publisher invents device ids: the longest-silent device goes first. */
const DEFAULT_MAX_DEVICES = 100_000;

/** Last values per device, kept in memory for `/api/devices`; the history lives in InfluxDB. */
export class DeviceRegistry {
  readonly #devices = new Map<string, DeviceState>();

  constructor(
    private readonly staleAfterMs: number,
    private readonly maxDevices = DEFAULT_MAX_DEVICES,
  ) {}

  record(reading: Reading, receivedAt: number): void {
    const key = `${reading.site}/${reading.device}`;
    const known = this.#devices.get(key);
    // Re-inserting keeps the Map in least-recently-seen order, so the first key is the one to evict.
    this.#devices.delete(key);
    if (!known && this.#devices.size >= this.maxDevices) this.#devices.delete(this.#devices.keys().next().value!);
    this.#devices.set(key, {
      site: reading.site,
      device: reading.device,
      kind: reading.kind,
      ...(reading.room === undefined ? {} : { room: reading.room }),
      lastSeen: receivedAt,
      lastTimestamp: reading.ts,
      lastValues: reading.fields,
      quality: reading.quality,
      messages: (known?.messages ?? 0) + 1,
    });
  }

  list(now: number): DeviceView[] {
    return [...this.#devices.values()]
      .map((state) => this.#view(state, now))
      .sort((a, b) => a.site.localeCompare(b.site) || a.device.localeCompare(b.device));
  }

  /** A device by id; with several sites, `site` picks one (otherwise the first match). */
  find(device: string, now: number, site?: string): DeviceView | undefined {
    for (const state of this.#devices.values()) {
      if (state.device === device && (site === undefined || state.site === site)) return this.#view(state, now);
    }
    return undefined;
  }

  get size(): number {
    return this.#devices.size;
  }

  #view(state: DeviceState, now: number): DeviceView {
    const silentForMs = Math.max(0, now - state.lastSeen);
    return { ...state, silentForMs, status: silentForMs > this.staleAfterMs ? 'stale' : 'online' };
  }
}
