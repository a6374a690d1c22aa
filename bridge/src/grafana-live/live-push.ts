import type { Logger } from 'pino';
import type { LiveMetrics } from '../metrics/live-metrics.js';
import type { Reading } from '../model/reading.js';
import type { Secret } from '../model/secret.js';
import { toPoint } from '../sinks/influxdb/line-protocol.js';

export interface GrafanaLiveSettings {
  /** Grafana's base URL, e.g. `http://grafana:3000`. */
  url: string;
  /** A service-account token allowed to push (Editor or Admin). */
  token: Secret;
  /** The stream id: readings appear on the channels `stream/<stream>/<measurement>`. */
  stream: string;
}

export interface PushLimits {
  flushMs: number;
  /** Lines waiting for the next push; past it new readings are dropped and counted. */
  maxBufferedLines: number;
  timeoutMs: number;
}

export const DEFAULT_PUSH_LIMITS: PushLimits = { flushMs: 200, maxBufferedLines: 20_000, timeoutMs: 2000 };

/**
 * Pushes readings to Grafana Live's HTTP push API (`POST /api/live/push/{stream}`, InfluxDB line
 * protocol, nanosecond timestamps as Telegraf sends them), so dashboards subscribed to the
 * channels update within a second. It never slows the pipeline: readings wait in a bounded buffer,
 * one request is in flight at a time, and what cannot be sent (buffer full, Grafana slow or down)
 * is dropped and counted, not retried: InfluxDB keeps the history, this is only the live edge.
 */
export class GrafanaLivePush {
  #lines: string[] = [];
  #inFlight = false;
  #timer: NodeJS.Timeout | undefined;
  #lastError = '';

  constructor(
    private readonly settings: GrafanaLiveSettings,
    private readonly metrics: LiveMetrics,
    private readonly log: Logger,
    private readonly limits: PushLimits = DEFAULT_PUSH_LIMITS,
  ) {}

  get endpoint(): string {
    return `${this.settings.url}/api/live/push/${encodeURIComponent(this.settings.stream)}`;
  }

  add(reading: Reading): void {
    if (this.#lines.length >= this.limits.maxBufferedLines) {
      this.metrics.grafanaLiveDropped.inc();
      return;
    }
    const line = toPoint(reading).timestamp(`${reading.ts}000000`).toLineProtocol();
    if (line !== undefined) this.#lines.push(line);
  }

  start(): void {
    this.#timer = setInterval(() => void this.flush(), this.limits.flushMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.flush();
  }

  /** Sends what is buffered, unless a push is still in flight (the next tick takes it then). */
  async flush(): Promise<void> {
    if (this.#inFlight || this.#lines.length === 0) return;
    const lines = this.#lines;
    this.#lines = [];
    this.#inFlight = true;
    try {
      const response = await fetch(this.endpoint, {
        method: 'POST',
        headers: { authorization: `Bearer ${this.settings.token.reveal()}`, 'content-type': 'text/plain; charset=utf-8' },
        body: lines.join('\n'),
        signal: AbortSignal.timeout(this.limits.timeoutMs),
      });
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`Grafana answered ${response.status}`);
      this.metrics.grafanaLivePushed.inc(lines.length);
      this.#lastError = '';
    } catch (error) {
      this.metrics.grafanaLiveErrors.inc();
      this.metrics.grafanaLiveDropped.inc(lines.length);
      const message = (error as Error).message;
      // One log line per kind of failure, not one per push while Grafana is down.
      if (message !== this.#lastError) this.log.warn({ err: message, endpoint: this.endpoint }, 'Grafana Live push failed; dropping live points until it answers');
      this.#lastError = message;
    } finally {
      this.#inFlight = false;
    }
  }
}
