import type { IClientOptions, MqttClient } from 'mqtt';
import type { Logger } from 'pino';
import type { ClientFactories } from '../clients.js';
import type { BridgeConfig } from '../config/index.js';
import type { BridgeMetrics } from '../metrics/bridge-metrics.js';
import { redactUrl } from '../model/redact.js';
import type { Rejection } from '../model/rejection.js';

/** Where the source hands every message (the intake). */
export interface MessageHandler {
  /**
   * The PUBACK is sent only after the returned promise settles, so a handler that has made the
   * message durable (or refused it for good) returns, and one that must hold back (queue full)
   * returns a promise that waits; a rejected promise leaves the message unacknowledged.
   */
  handle(topic: string, payload: Buffer, receivedAt: number): void | Promise<void>;
}

/**
 * The MQTT source: MQTT v5, QoS 1, a persistent session (fixed client id, clean=false,
 * session expiry > 0), so the broker keeps what the bridge has not acknowledged while it is away.
 * It also publishes the dead letters, over the same connection.
 */
export class MqttSource {
  #client: MqttClient | undefined;
  #connected = false;
  #reconnectDelayMs = 1000;

  constructor(
    private readonly config: BridgeConfig['mqtt'],
    private readonly metrics: BridgeMetrics,
    private readonly log: Logger,
    private readonly connect: ClientFactories['mqtt'],
  ) {}

  /** For `/ready`: ok while connected to the broker. */
  readiness(): { ok: boolean; detail?: string } {
    return this.#connected ? { ok: true } : { ok: false, detail: 'not connected to the broker' };
  }

  /** Connects in the background; reconnects with backoff until `stop`. */
  start(handler: MessageHandler): void {
    const client = this.connect(this.config.url, this.#clientOptions());
    this.#client = client;
    // MQTT.js sends the PUBACK only when this callback is called: the hook for "ack after durable".
    client.handleMessage = (packet, done) => {
      const receivedAt = Date.now();
      const topic = packet.topic.toString();
      const payload = Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload);
      this.metrics.received.inc();
      let outcome: void | Promise<void>;
      try {
        outcome = handler.handle(topic, payload, receivedAt);
      } catch (error) {
        return done(error as Error);
      }
      if (outcome instanceof Promise) outcome.then(() => done(), (error: Error) => done(error));
      else done();
    };
    client.on('connect', (connack) => this.#onConnect(client, connack.sessionPresent));
    client.on('close', () => this.#setConnected(false));
    client.on('offline', () => this.#setConnected(false));
    client.on('reconnect', () => this.#onReconnect(client));
    client.on('error', (error) => this.log.warn({ err: error.message }, 'MQTT error'));
  }

  /**
   * Republishes a refused message to `{MQTT_DEADLETTER_TOPIC}/{reason}` (QoS 1) when that topic is set.
   * Never throws: a dead letter that cannot be published is logged, not fatal.
   */
  deadLetter(rejection: Rejection): void {
    if (!this.config.deadLetterTopic) return;
    const topic = `${this.config.deadLetterTopic}/${rejection.reason}`;
    this.#client?.publish(topic, JSON.stringify(rejection), { qos: 1 }, (error) => {
      if (error) this.log.warn({ err: error.message, topic }, 'dead letter not published');
      else this.metrics.deadLettered.inc();
    });
  }

  /**
   * Stops taking messages: unacknowledged ones stay with the broker for the next session.
   * A graceful end waits for the message being handled, which may be held back by a full queue,
   * so after a short wait the connection is closed regardless.
   */
  async stop(graceMs = 2000): Promise<void> {
    const client = this.#client;
    if (!client) return;
    let timer: NodeJS.Timeout | undefined;
    const graceful = client.endAsync().then(() => true);
    const expired = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), graceMs)));
    if (!(await Promise.race([graceful, expired]))) await client.endAsync(true);
    clearTimeout(timer);
    this.#setConnected(false);
  }

  #clientOptions(): IClientOptions {
    return {
      protocolVersion: 5,
      clientId: this.config.clientId,
      clean: false,
      properties: { sessionExpiryInterval: this.config.sessionExpirySeconds },
      username: this.config.username || undefined,
      password: this.config.password.isEmpty ? undefined : this.config.password.reveal(),
      reconnectPeriod: 1000,
      connectTimeout: 10_000,
      keepalive: 30,
      resubscribe: false,
      ...this.#tlsOptions(),
    };
  }

  /** Passed to `tls.connect` for mqtts:// and wss://; without MQTT_CA_FILE the system CAs are trusted. */
  #tlsOptions(): IClientOptions {
    const tls = this.config.tls;
    return {
      rejectUnauthorized: true,
      ...(tls.ca === undefined ? {} : { ca: tls.ca }),
      ...(tls.cert === undefined || tls.key === undefined ? {} : { cert: tls.cert, key: tls.key.reveal() }),
      ...(tls.servername === undefined ? {} : { servername: tls.servername }),
      ...(tls.checkHostname ? {} : { checkServerIdentity: () => undefined }),
    };
  }

  #onConnect(client: MqttClient, sessionPresent: boolean): void {
    this.#setConnected(true);
    this.#reconnectDelayMs = 1000;
    client.options.reconnectPeriod = this.#reconnectDelayMs;
    this.log.info({ url: redactUrl(this.config.url), sessionPresent }, 'connected to the MQTT broker');
    // Subscribing again is harmless with a present session and needed without one.
    client.subscribe(this.config.topics, { qos: 1 }, (error, granted) => {
      if (error) return this.log.error({ err: error.message }, 'subscription failed');
      const refused = (granted ?? []).filter((g) => g.qos > 2);
      if (refused.length > 0) this.log.error({ topics: refused.map((g) => g.topic) }, 'broker refused subscriptions (check the ACL)');
    });
  }

  #onReconnect(client: MqttClient): void {
    this.metrics.mqttReconnects.inc();
    // Exponential backoff: MQTT.js reads reconnectPeriod before each attempt.
    this.#reconnectDelayMs = Math.min(this.config.reconnectMaxMs, this.#reconnectDelayMs * 2);
    client.options.reconnectPeriod = this.#reconnectDelayMs;
  }

  #setConnected(connected: boolean): void {
    if (this.#connected && !connected) this.log.warn('disconnected from the MQTT broker');
    this.#connected = connected;
    this.metrics.mqttConnected.set(connected ? 1 : 0);
  }
}
