/**
 * MQTT v5, QoS 1 publishing with a bounded number of unacknowledged messages. MQTT.js keeps
 * unacknowledged messages in its outgoing store and resends them after a reconnect.
 */
import { randomBytes } from 'node:crypto';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { createPacer, type Pacer, type PacerClock } from './pacer.js';

export interface PublisherOptions {
  url: string;
  username?: string;
  password?: string;
  /** PEM of the CA that signed the broker certificate (mqtts://, wss://); default: the system CAs. */
  ca?: string;
  clientId?: string;
  /** Messages published but not yet acknowledged (PUBACK). Default 256. */
  maxInFlight?: number;
  /** Messages per second; unset publishes as fast as the in-flight window allows. */
  ratePerSecond?: number;
  /** The clock the rate is kept with; default the real one (tests count the waits on a fake one). */
  pacerClock?: PacerClock;
  /** How long the first connection may take, retries included. Default 30 s. */
  connectTimeoutMs?: number;
  /** Wait between reconnect attempts. Default 1 s. */
  reconnectPeriodMs?: number;
  /** Connection events, for logging. Never carries credentials. */
  onEvent?: (event: PublisherEvent) => void;
  /** Published by the broker (QoS 1) when the connection ends without a clean disconnect: a device's "offline". */
  will?: { topic: string; payload: Buffer; retain: boolean };
}

export interface PublishFlags {
  /** The broker keeps the message and hands it to every later subscriber (a device's status). */
  retain?: boolean;
}

export type PublisherEvent =
  | { type: 'connected' }
  | { type: 'offline' }
  | { type: 'reconnecting' }
  | { type: 'error'; message: string };

export interface PublisherStats {
  /** Handed to the client. */
  published: number;
  /** Acknowledged by the broker. */
  acked: number;
  /** Refused by the broker or abandoned at shutdown. */
  failed: number;
  inFlight: number;
  reconnects: number;
  lastError: string | undefined;
}

export class Publisher {
  private readonly waiters: Array<() => void> = [];
  private readonly idleWaiters: Array<() => void> = [];
  private readonly pacer: Pacer | undefined;
  private readonly maxInFlight: number;
  private closed = false;
  private counts = { published: 0, acked: 0, failed: 0, inFlight: 0, reconnects: 0 };
  private lastError: string | undefined;

  private constructor(private readonly client: MqttClient, options: PublisherOptions) {
    this.maxInFlight = options.maxInFlight ?? 256;
    this.pacer = options.ratePerSecond === undefined ? undefined : createPacer(options.ratePerSecond, options.pacerClock);
    client.on('reconnect', () => {
      this.counts.reconnects++;
      options.onEvent?.({ type: 'reconnecting' });
    });
    client.on('offline', () => options.onEvent?.({ type: 'offline' }));
    client.on('connect', () => options.onEvent?.({ type: 'connected' }));
    client.on('error', (error) => {
      this.lastError = error.message;
      options.onEvent?.({ type: 'error', message: error.message });
    });
  }

  /** Connects (retrying until `connectTimeoutMs`), then resolves with a ready publisher. */
  static async connect(options: PublisherOptions, signal?: AbortSignal): Promise<Publisher> {
    assertPublisherOptions(options);
    const client = mqtt.connect(options.url, clientOptions(options));
    try {
      await waitForConnect(client, options.connectTimeoutMs ?? 30_000, signal);
    } catch (error) {
      await client.endAsync(true);
      throw error;
    }
    return new Publisher(client, options);
  }

  get stats(): PublisherStats {
    return { ...this.counts, lastError: this.lastError };
  }

  /**
   * Queues one QoS 1 message. Resolves once it is handed to the client, which may mean waiting for
   * the rate or for a free in-flight slot; the acknowledgement is counted in `stats` when it comes.
   */
  async publish(topic: string, payload: Buffer, signal?: AbortSignal, flags: PublishFlags = {}): Promise<void> {
    if (this.closed) throw new Error('publisher is closed');
    await this.pacer?.wait(signal);
    while (this.counts.inFlight >= this.maxInFlight) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    this.counts.inFlight++;
    this.counts.published++;
    this.client.publishAsync(topic, payload, { qos: 1, retain: flags.retain ?? false }).then(
      () => this.counts.acked++,
      (error: Error) => this.recordFailure(error),
    ).finally(() => this.release());
  }

  /** Resolves when every published message is acknowledged or has failed. */
  async drain(): Promise<void> {
    while (this.counts.inFlight > 0) {
      await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
    }
  }

  /** Waits up to `timeoutMs` for acknowledgements, then disconnects; what is still unacknowledged fails. */
  async close(timeoutMs = 10_000): Promise<void> {
    this.closed = true;
    const drained = await withTimeout(this.drain(), timeoutMs);
    await this.client.endAsync(!drained);
  }

  private recordFailure(error: Error): void {
    this.counts.failed++;
    this.lastError = error.message;
  }

  private release(): void {
    this.counts.inFlight--;
    this.waiters.shift()?.();
    if (this.counts.inFlight === 0) this.idleWaiters.splice(0).forEach((wake) => wake());
  }
}

function clientOptions(options: PublisherOptions): IClientOptions {
  return {
    protocolVersion: 5,
    clean: true,
    clientId: options.clientId ?? `sensorplus-sim-${randomBytes(4).toString('hex')}`,
    username: options.username || undefined,
    password: options.password || undefined,
    reconnectPeriod: options.reconnectPeriodMs ?? 1000,
    connectTimeout: 10_000,
    ...(options.ca === undefined ? {} : { ca: options.ca }),
    ...(options.will ? { will: { ...options.will, qos: 1 } } : {}),
  };
}

/**
 * First connection: a refusal by the broker (bad credentials, not authorised) fails at once;
 * network errors (broker not up yet) are retried by MQTT.js until the deadline.
 */
function waitForConnect(client: MqttClient, timeoutMs: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    let lastNetworkError = '';
    const finish = (error?: Error) => {
      clearTimeout(timer);
      client.off('connect', onConnect);
      client.off('error', onError);
      signal?.removeEventListener('abort', onAbort);
      if (error) reject(error);
      else resolve();
    };
    const onConnect = () => finish();
    const onError = (error: Error & { code?: unknown }) => {
      if (typeof error.code === 'string') lastNetworkError = ` (last error: ${error.message})`;
      else finish(new Error(`MQTT connection refused: ${error.message}`));
    };
    const onAbort = () => finish(new Error('connection aborted'));
    const timer = setTimeout(() => finish(new Error(`could not connect within ${timeoutMs} ms${lastNetworkError}`)), timeoutMs);
    client.on('connect', onConnect);
    client.on('error', onError);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

async function withTimeout(promise: Promise<void>, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
  try {
    return await Promise.race([promise.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The URL without a password, for logs and errors. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^/@]*)@/, (_, userInfo: string) => `//${userInfo.split(':')[0]}:***@`);
}

function assertPublisherOptions(options: PublisherOptions): void {
  if (!/^(mqtts?|wss?|tcp|ssl):\/\//.test(options.url)) {
    throw new Error(`MQTT URL must start with mqtt://, mqtts://, ws:// or wss://, got "${redactUrl(options.url)}"`);
  }
  const maxInFlight = options.maxInFlight ?? 256;
  if (!Number.isInteger(maxInFlight) || maxInFlight < 1) {
    throw new Error(`maxInFlight must be a whole number ≥ 1, got ${maxInFlight}`);
  }
}
