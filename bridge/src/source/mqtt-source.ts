import type { IClientOptions, IPublishPacket, MqttClient } from 'mqtt';
import type { Logger } from 'pino';
import type { ClientFactories } from '../clients.js';
import type { BridgeConfig } from '../config/index.js';
import type { BridgeMetrics } from '../metrics/bridge-metrics.js';
import { redactUrl } from '../model/redact.js';
import type { Rejection } from '../model/rejection.js';

/** Where the source hands every message (the intake). */
export interface MessageHandler {
  /**
   * Decides a message: refused for good, or staged for the durable queue. A handler that must hold
   * back (queue full) returns a promise that waits; a rejected promise leaves the message unacknowledged.
   */
  handle(topic: string, payload: Buffer, receivedAt: number): void | Promise<void>;
  /**
   * Makes every staged message durable, with one write. The PUBACKs of the messages handled so far
   * are sent only after it returns; when it throws, they are not sent (the broker redelivers them).
   */
  flush(): void;
}

/** Handed to MQTT.js's callback instead of acknowledging: the source sends the PUBACK itself, after the flush. */
const ACKNOWLEDGED_AFTER_FLUSH = new Error('acknowledged by the source once its batch is durable');

/**
 * Messages handled before their batch is flushed (and acknowledged), and the source yields to the
 * event loop. Below the broker's in-flight window (1,000 in the shipped settings), so it keeps
 * sending while the bridge works on the rest. The yield matters as much: one socket event can bring
 * megabytes (libuv reads up to 32 × 64 KiB in a row), which MQTT.js would otherwise work through
 * without letting the sinks, the timers or the HTTP server run.
 */
const MAX_BATCH = 256;

/** A PUBACK with reason code 0 and no properties (MQTT 3.1.1 and 5): four bytes, the packet id last. */
const PUBACK_BYTES = 4;

/**
 * The MQTT source: MQTT v5, QoS 1, a persistent session (fixed client id, clean=false,
 * session expiry > 0), so the broker keeps what the bridge has not acknowledged while it is away.
 * It also publishes the dead letters, over the same connection.
 */
export class MqttSource {
  #client: MqttClient | undefined;
  #handler: MessageHandler | undefined;
  /** Packet ids of the messages handled since the last flush, and the connection they came on. */
  readonly #acks: number[] = [];
  #ackStream: MqttClient['stream'] | undefined;
  #flushScheduled = false;
  /** Received since the last flush: counted once per batch. */
  #received = 0;
  /** Messages handled (or released after being held) since the last flush. */
  #unflushed = 0;
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
    this.#handler = handler;
    // MQTT.js would send the PUBACK when this callback is called without an error; the source sends
    // it itself once the message's batch is durable, so one write(2) and one socket write serve a batch.
    client.handleMessage = (packet, done) => this.#onMessage(client, packet, done);
    client.on('connect', (connack) => this.#onConnect(client, connack.sessionPresent));
    client.on('close', () => this.#setConnected(false));
    client.on('offline', () => this.#setConnected(false));
    client.on('reconnect', () => this.#onReconnect(client));
    client.on('error', (error) => this.log.warn({ err: error.message }, 'MQTT error'));
  }

  #onMessage(client: MqttClient, packet: IPublishPacket, done: (error?: Error) => void): void {
    const receivedAt = Date.now();
    const topic = packet.topic.toString();
    const payload = Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload);
    this.#received += 1;
    this.#unflushed += 1;
    let outcome: void | Promise<void>;
    try {
      outcome = this.#handler!.handle(topic, payload, receivedAt);
    } catch (error) {
      return done(error as Error);
    }
    if (packet.qos !== 1 || packet.messageId === undefined) {
      // QoS 0 needs no PUBACK; QoS 2 (never granted: the subscription asks for 1) keeps MQTT.js's own flow, after a flush.
      if (outcome instanceof Promise) {
        outcome.then(() => (this.#unflushed++, this.#flush(), done()), (error: Error) => done(error));
      } else {
        this.#flush();
        done();
      }
      return;
    }
    const messageId = packet.messageId;
    if (outcome instanceof Promise) {
      // Held back (queue full): what came before is made durable and acknowledged now, this one once it is staged.
      this.#flush();
      outcome.then(
        () => {
          this.#unflushed += 1;
          this.#addAck(client, messageId);
          this.#flush();
          done(ACKNOWLEDGED_AFTER_FLUSH);
        },
        (error: Error) => done(error),
      );
      return;
    }
    this.#addAck(client, messageId);
    if (this.#acks.length >= MAX_BATCH) {
      this.#flush();
      // MQTT.js takes the next message only after `done`: the sinks and timers run first.
      setImmediate(done, ACKNOWLEDGED_AFTER_FLUSH);
      return;
    }
    if (!this.#flushScheduled) {
      // After every message already read from the socket: a batch is what one read brought.
      this.#flushScheduled = true;
      setImmediate(this.#scheduledFlush);
    }
    done(ACKNOWLEDGED_AFTER_FLUSH);
  }

  /** Acknowledgements go out on the connection the messages came on: a new one (after a reconnect) gets redeliveries. */
  #addAck(client: MqttClient, messageId: number): void {
    if (client.stream !== this.#ackStream) {
      if (this.#acks.length > 0) this.#flush();
      this.#ackStream = client.stream;
    }
    this.#acks.push(messageId);
  }

  readonly #scheduledFlush = (): void => {
    this.#flushScheduled = false;
    this.#flush();
  };

  /** The handler's flush, then the PUBACKs of every message handled so far, in the order they came, in one socket write. */
  #flush(): void {
    if (this.#unflushed === 0) return;
    this.#unflushed = 0;
    if (this.#received > 0) this.metrics.received.inc(this.#received);
    this.#received = 0;
    const acks = this.#acks;
    const stream = this.#ackStream;
    try {
      this.#handler?.flush();
    } catch (error) {
      acks.length = 0;
      this.log.error({ err: (error as Error).message }, 'cannot write to the durable queue: messages left unacknowledged; reconnecting so that the broker redelivers them');
      // Unacknowledged, they would hold the broker's in-flight window until the next session.
      stream?.destroy();
      return;
    }
    if (acks.length === 0) return;
    const bytes = Buffer.allocUnsafe(acks.length * PUBACK_BYTES);
    for (let i = 0; i < acks.length; i += 1) {
      const at = i * PUBACK_BYTES;
      bytes[at] = 0x40;
      bytes[at + 1] = 0x02;
      bytes.writeUInt16BE(acks[i]!, at + 2);
    }
    acks.length = 0;
    // A closed connection cannot carry them: the broker redelivers those messages, and the queue stores duplicates idempotently.
    if (stream && !stream.destroyed && stream.writable) stream.write(bytes);
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
    // What was handled is made durable and acknowledged before the end, rather than redelivered next session.
    this.#flush();
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
      // MQTT.js logs every packet through `debug`, which costs even when off; DEBUG=mqttjs* still turns it on.
      ...(process.env.DEBUG ? {} : { log: () => undefined }),
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
