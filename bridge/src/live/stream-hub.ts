import { randomBytes } from 'node:crypto';
import type { DeviceState, DeviceView } from '../devices/device-registry.js';
import type { LiveMetrics } from '../metrics/live-metrics.js';
import { Coalescer } from './coalescer.js';
import type { LiveStats } from './live-stats.js';
import type { RecentPoint } from './recent-readings.js';

/** The part of a Node response the hub writes to (an `http.ServerResponse`, or a test double). */
export interface StreamClient {
  write(chunk: string): boolean;
  /** Bytes written but not yet handed to the socket: what a client that stops reading makes grow. */
  readonly writableLength: number;
  end(): void;
  destroy(): void;
}

/** What a client gets first on every connection, and again after a reconnect. */
export interface StreamSnapshot {
  /** Changes when the bridge restarts: a client seeing a new one starts over from this snapshot. */
  instance: string;
  staleAfterMs: number;
  /** Updates are coalesced to at most one per device per frame of this length. */
  frameMs: number;
  devices: DeviceView[];
  recent: Record<string, RecentPoint[]>;
  stats: LiveStats;
}

export interface StreamSources {
  devices(now: number): DeviceView[];
  recent(): Record<string, RecentPoint[]>;
  stats(now: number): LiveStats;
  /** Called before each stats event (once a second). */
  sampleStats(): void;
  staleAfterMs: number;
}

export interface StreamOptions {
  frameMs: number;
  statsMs: number;
  keepaliveMs: number;
  /** Unsent bytes a client may hold; past it the client is dropped and counted. */
  maxBufferedBytes: number;
  maxClients: number;
}

export const DEFAULT_STREAM_OPTIONS: StreamOptions = {
  frameMs: 100,
  statsMs: 1000,
  keepaliveMs: 15_000,
  maxBufferedBytes: 1024 * 1024,
  maxClients: 100,
};

/**
 * Server-Sent Events to every connected page: a snapshot on connect, then device updates coalesced
 * per device (at most one per device per frame), stats once a second and a keep-alive comment.
 * Every event is serialised once for all clients. A client that stops reading is dropped as soon
 * as its unsent data passes the bound, so it never grows the bridge's memory; it reconnects (the
 * browser's EventSource does so by itself) and starts again from a fresh snapshot.
 */
export class StreamHub {
  readonly instance = randomBytes(6).toString('hex');
  readonly #clients = new Set<StreamClient>();
  readonly #updates = new Coalescer<DeviceState>();
  readonly #timers: NodeJS.Timeout[] = [];
  #sequence = 0;

  constructor(
    private readonly sources: StreamSources,
    private readonly metrics: LiveMetrics,
    private readonly options: StreamOptions = DEFAULT_STREAM_OPTIONS,
  ) {}

  /** A device's new state; sent with the next frame, replacing any older state of it not yet sent. */
  publish(key: string, state: DeviceState): void {
    if (this.#clients.size > 0) this.#updates.put(key, state);
  }

  /** Starts a client with its snapshot; false when the client limit is reached. Call the returned function when it goes. */
  connect(client: StreamClient): (() => void) | false {
    if (this.#clients.size >= this.options.maxClients) {
      this.metrics.streamClientsRefused.inc();
      return false;
    }
    this.#clients.add(client);
    this.metrics.streamClients.set(this.#clients.size);
    const now = Date.now();
    const snapshot: StreamSnapshot = {
      instance: this.instance,
      staleAfterMs: this.sources.staleAfterMs,
      frameMs: this.options.frameMs,
      devices: this.sources.devices(now),
      recent: this.sources.recent(),
      stats: this.sources.stats(now),
    };
    this.#write(client, `retry: 1000\n${this.#event('snapshot', snapshot)}`);
    return () => this.#remove(client);
  }

  get clientCount(): number {
    return this.#clients.size;
  }

  start(): void {
    this.#timers.push(
      setInterval(() => this.flush(), this.options.frameMs),
      setInterval(() => {
        this.sources.sampleStats();
        if (this.#clients.size > 0) this.#broadcast(this.#event('stats', this.sources.stats(Date.now())));
      }, this.options.statsMs),
      setInterval(() => this.#broadcast(': keep-alive\n\n'), this.options.keepaliveMs),
    );
    for (const timer of this.#timers) timer.unref();
  }

  /** Sends the updates gathered since the last frame (the frame timer calls it). */
  flush(): void {
    const batch = this.#updates.drain();
    if (batch.length > 0) this.#broadcast(this.#event('devices', batch));
  }

  stop(): void {
    for (const timer of this.#timers.splice(0)) clearInterval(timer);
    for (const client of this.#clients) client.end();
    this.#clients.clear();
    this.metrics.streamClients.set(0);
  }

  #event(name: string, data: unknown): string {
    return `id: ${this.instance}:${++this.#sequence}\nevent: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
  }

  #broadcast(chunk: string): void {
    for (const client of this.#clients) this.#write(client, chunk);
  }

  #write(client: StreamClient, chunk: string): void {
    client.write(chunk);
    if (client.writableLength > this.options.maxBufferedBytes) {
      this.metrics.streamClientsDropped.inc();
      this.#remove(client);
      client.destroy();
    }
  }

  #remove(client: StreamClient): void {
    if (this.#clients.delete(client)) this.metrics.streamClients.set(this.#clients.size);
  }
}
