/**
 * HTTP ingestion for devices without MQTT (the multiplug): `POST {url}/api/ingest/multiplug?device={id}`
 * with a bearer token. Like the device, it buffers: a reading is sent again until the server
 * accepts it (2xx). 429 waits as long as Retry-After says; 5xx and network errors back off
 * exponentially; any other answer refuses the reading for good, and its error body is reported.
 * Each device sends one request at a time, in order.
 */
import { setTimeout as sleep } from 'node:timers/promises';

export interface IngestSenderOptions {
  /** The server's base URL, e.g. http://127.0.0.1:8080. */
  url: string;
  /** The bearer token; never logged. */
  token: string;
  /** The device profile, the path's last part. Default `multiplug`. */
  profile?: string;
  /** Wait after the first 5xx or network error in a row; it doubles with each further one. Default 500 ms. */
  initialBackoffMs?: number;
  /** Default 30 s. */
  maxBackoffMs?: number;
  /** A request that takes longer is abandoned and retried. Default 10 s. */
  requestTimeoutMs?: number;
  /** Readings a device keeps while the server does not take them; when full, the oldest is dropped. Default 10,000. */
  bufferLimit?: number;
  onEvent?: (event: IngestEvent) => void;
}

export type IngestEvent =
  | { type: 'refused'; deviceId: string; status: number; body: string }
  | { type: 'retrying'; deviceId: string; reason: string; waitMs: number }
  | { type: 'dropped'; deviceId: string };

export interface IngestStats {
  /** Readings handed to the sender. */
  queued: number;
  /** Answered with 2xx. */
  accepted: number;
  /** Answered with a 4xx other than 429 (or another non-2xx the sender cannot retry): not sent again. */
  refused: number;
  /** Attempts that are repeated: after a 429, a 5xx, a network error or a timeout. */
  retries: number;
  /** Of those, the 429s. */
  throttled: number;
  /** Pushed out of a full buffer. */
  dropped: number;
  /** Waiting in the buffers now. */
  buffered: number;
  /** Still buffered when the sender was closed. */
  unsent: number;
  lastError: string | undefined;
}

type Outcome = { kind: 'accepted' } | { kind: 'refused'; status: number; body: string } | { kind: 'retry'; reason: string; waitMs?: number; throttled?: boolean };

interface DeviceQueue {
  bodies: string[];
  worker: Promise<void> | undefined;
}

/** An error body is reported up to this length. */
const MAX_REPORTED_BODY = 500;

export class IngestSender {
  private readonly queues = new Map<string, DeviceQueue>();
  private readonly stopping = new AbortController();
  private readonly endpoint: string;
  private counts = { queued: 0, accepted: 0, refused: 0, retries: 0, throttled: 0, dropped: 0, unsent: 0 };
  private lastError: string | undefined;
  private closed = false;

  constructor(private readonly options: IngestSenderOptions) {
    const url = new URL(options.url);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`ingest URL must start with http:// or https://, got "${url.protocol}"`);
    this.endpoint = `${options.url.replace(/\/+$/, '')}/api/ingest/${options.profile ?? 'multiplug'}?device=`;
  }

  get stats(): IngestStats {
    const buffered = [...this.queues.values()].reduce((sum, queue) => sum + queue.bodies.length, 0);
    return { ...this.counts, buffered, lastError: this.lastError };
  }

  /** Buffers one request body (a reading, or an array of them) for `deviceId`; its sending starts at once. */
  send(deviceId: string, body: unknown): void {
    if (this.closed) throw new Error('ingest sender is closed');
    let queue = this.queues.get(deviceId);
    if (!queue) this.queues.set(deviceId, (queue = { bodies: [], worker: undefined }));
    this.counts.queued++;
    queue.bodies.push(JSON.stringify(body));
    if (queue.bodies.length > (this.options.bufferLimit ?? 10_000)) {
      queue.bodies.splice(1, 1); // the oldest not already on the wire
      this.counts.dropped++;
      this.options.onEvent?.({ type: 'dropped', deviceId });
    }
    queue.worker ??= this.work(deviceId, queue);
  }

  /** Resolves when every buffer is empty. */
  async drain(): Promise<void> {
    for (let workers = this.workers(); workers.length > 0; workers = this.workers()) await Promise.all(workers);
  }

  /** Waits up to `timeoutMs` for the buffers to empty, then stops; what is left counts as unsent. */
  async close(timeoutMs = 10_000): Promise<void> {
    this.closed = true;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    await Promise.race([this.drain(), timeout]);
    clearTimeout(timer);
    this.stopping.abort();
    await Promise.all(this.workers());
    this.counts.unsent = this.stats.buffered;
  }

  private workers(): Array<Promise<void>> {
    return [...this.queues.values()].flatMap((queue) => (queue.worker ? [queue.worker] : []));
  }

  private async work(deviceId: string, queue: DeviceQueue): Promise<void> {
    const initialBackoffMs = this.options.initialBackoffMs ?? 500;
    let backoffMs = initialBackoffMs;
    try {
      while (queue.bodies.length > 0 && !this.stopping.signal.aborted) {
        const outcome = await this.attempt(deviceId, queue.bodies[0]!);
        if (this.stopping.signal.aborted) return;
        if (outcome.kind !== 'retry') {
          queue.bodies.shift();
          backoffMs = initialBackoffMs;
          if (outcome.kind === 'accepted') this.counts.accepted++;
          else this.refuse(deviceId, outcome.status, outcome.body);
          continue;
        }
        const waitMs = outcome.waitMs ?? backoffMs;
        if (outcome.waitMs === undefined) backoffMs = Math.min(backoffMs * 2, this.options.maxBackoffMs ?? 30_000);
        this.counts.retries++;
        if (outcome.throttled) this.counts.throttled++;
        this.lastError = outcome.reason;
        this.options.onEvent?.({ type: 'retrying', deviceId, reason: outcome.reason, waitMs });
        await sleep(waitMs, undefined, { signal: this.stopping.signal }).catch(() => undefined);
      }
    } finally {
      // In the same step as the last look at the buffer: a reading buffered after it starts a new worker.
      queue.worker = undefined;
    }
  }

  private async attempt(deviceId: string, body: string): Promise<Outcome> {
    const timeoutMs = this.options.requestTimeoutMs ?? 10_000;
    let response: Response;
    try {
      response = await fetch(this.endpoint + encodeURIComponent(deviceId), {
        method: 'POST',
        headers: { Authorization: `Bearer ${this.options.token}`, 'Content-Type': 'application/json' },
        body,
        signal: AbortSignal.any([this.stopping.signal, AbortSignal.timeout(timeoutMs)]),
      });
    } catch (error) {
      return { kind: 'retry', reason: networkReason(error, timeoutMs) };
    }
    const text = await response.text().catch(() => '');
    if (response.ok) return { kind: 'accepted' };
    if (response.status === 429) {
      const waitMs = retryAfterMs(response.headers.get('retry-after'));
      return { kind: 'retry', reason: 'HTTP 429 (rate limited)', throttled: true, ...(waitMs === undefined ? {} : { waitMs }) };
    }
    if (response.status >= 500) return { kind: 'retry', reason: `HTTP ${response.status}` };
    return { kind: 'refused', status: response.status, body: text.slice(0, MAX_REPORTED_BODY) };
  }

  private refuse(deviceId: string, status: number, body: string): void {
    this.counts.refused++;
    this.lastError = `HTTP ${status}`;
    this.options.onEvent?.({ type: 'refused', deviceId, status, body });
  }
}

function networkReason(error: unknown, timeoutMs: number): string {
  if (error instanceof DOMException && error.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  const detail = cause?.code ?? cause?.message ?? (error as Error).message;
  return `network error (${String(detail)})`;
}

/** Retry-After as seconds or as an HTTP date; undefined when absent or unreadable (the backoff applies then). */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (header === null) return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
