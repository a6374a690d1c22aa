import { dateTime, type DataFrame, type GrafanaTheme2 } from '@grafana/data';

import { DEFAULT_OPTIONS } from '../constants.js';
import type { BuildingOptions } from '../types.js';
import { deviceKey, saidOffline as deviceSaidOffline } from '../../../bridge/src/devices/device-registry.js';
import { createBuildingBuilder, type BuildingBuilder, type BuildingModel } from '../utils/building.js';
import { deviceKey as tileKey } from '../utils/devices.js';
import { normaliseKind } from '../utils/kinds.js';
import { deviceFrame, withLatest } from './device-frames.js';
import type { DeviceState, LiveStats, RecentPoint, StreamSnapshot } from './protocol.js';

/** Sparklines span this much time, ending at the next whole minute (so the range, and thus every tile, changes once a minute). */
const WINDOW_MS = 5 * 60_000;
const RANGE_STEP_MS = 60_000;

export interface LiveState {
  building: BuildingModel;
  /** Registry state by device key (`profile/site/device`), e.g. for the details of a selected tile. */
  devices: ReadonlyMap<string, DeviceState>;
  /** Device key of each tile's device, by the tile's key. */
  tileDevices: ReadonlyMap<string, string>;
  stats?: LiveStats;
  /** The bridge instance the data comes from; a new one means the bridge restarted. */
  instance?: string;
  /** Epoch ms of the last update applied (snapshot, devices or stats). */
  updatedAt: number;
}

/**
 * The live view's data: the bridge's snapshot and coalesced updates turned into the panel's model
 * by the panel's own data path (frames → devices → rooms, kind presets, thresholds, stale and
 * offline; a device whose last word was an `offline` status is offline at once), with its builder keeping the models of unchanged devices and rooms. Changes are
 * applied at most once per animation frame.
 */
export class LiveStore {
  readonly #states = new Map<string, DeviceState>();
  readonly #points = new Map<string, RecentPoint[]>();
  readonly #frames = new Map<string, DataFrame>();
  readonly #listeners = new Set<(state: LiveState) => void>();
  #build: BuildingBuilder;
  #options: BuildingOptions = DEFAULT_OPTIONS;
  #stats: LiveStats | undefined;
  #instance: string | undefined;
  #pending = false;
  #state: LiveState;

  constructor(
    private theme: GrafanaTheme2,
    private readonly scheduleFrame: (callback: () => void) => void = (callback) => requestAnimationFrame(callback)
  ) {
    this.#build = createBuildingBuilder();
    this.#state = this.#compute();
  }

  get state(): LiveState {
    return this.#state;
  }

  subscribe(listener: (state: LiveState) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  setTheme(theme: GrafanaTheme2): void {
    this.theme = theme;
    this.#build = createBuildingBuilder();
    this.#schedule();
  }

  /** Replaces everything: on connect, and after a bridge restart (then devices start over). */
  applySnapshot(snapshot: StreamSnapshot): void {
    this.#instance = snapshot.instance;
    this.#options = { ...DEFAULT_OPTIONS, staleAfter: Math.round(snapshot.staleAfterMs / 1000) };
    this.#build = createBuildingBuilder();
    this.#states.clear();
    this.#points.clear();
    this.#frames.clear();
    for (const device of snapshot.devices) {
      const key = deviceKey(device);
      this.#states.set(key, device);
      this.#points.set(key, withLatest(snapshot.recent[key] ?? [], device));
      this.#refreshFrame(key);
    }
    this.#stats = snapshot.stats;
    this.#schedule();
  }

  applyDevices(updates: readonly DeviceState[]): void {
    for (const device of updates) {
      const key = deviceKey(device);
      this.#states.set(key, device);
      this.#points.set(key, withLatest(this.#points.get(key) ?? [], device));
      this.#refreshFrame(key);
    }
    this.#schedule();
  }

  applyStats(stats: LiveStats): void {
    this.#stats = stats;
    this.#schedule();
  }

  /** Recomputes now, without waiting for a frame (silence grows with time alone; tests and benchmarks). */
  flush(): LiveState {
    this.#pending = false;
    this.#state = this.#compute();
    for (const listener of this.#listeners) {
      listener(this.#state);
    }
    return this.#state;
  }

  #refreshFrame(key: string): void {
    const frame = deviceFrame(this.#states.get(key)!, this.#points.get(key) ?? []);
    if (frame) {
      this.#frames.set(key, frame);
    } else {
      this.#frames.delete(key);
    }
  }

  #schedule(): void {
    if (!this.#pending) {
      this.#pending = true;
      this.scheduleFrame(() => this.flush());
    }
  }

  #compute(): LiveState {
    const now = Date.now();
    const to = Math.ceil(now / RANGE_STEP_MS) * RANGE_STEP_MS;
    const timeRange = { from: dateTime(to - WINDOW_MS), to: dateTime(to), raw: { from: 'now-5m', to: 'now' } };
    const tileDevices = new Map<string, string>();
    const saidOffline = new Set<string>();
    for (const [key, state] of this.#states) {
      if (state.kind) {
        const tile = tileKey(state.tags?.room, state.device, normaliseKind(state.kind));
        tileDevices.set(tile, key);
        if (deviceSaidOffline(state)) {
          saidOffline.add(tile);
        }
      }
    }
    const frames = [...this.#frames.values()];
    const building = this.#build(frames, this.#options, { theme: this.theme, timeZone: 'browser', timeRange, now, saidOffline });
    return { building, devices: this.#states, tileDevices, stats: this.#stats, instance: this.#instance, updatedAt: now };
  }
}
