import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { createArchive, type Archive } from './archive/index.js';
import { buildAdminServer } from './admin/server.js';
import { createMetrics, type BridgeMetrics } from './admin/metrics.js';
import type { ReadinessReport } from './admin/routes/health.js';
import type { BridgeConfig } from './config/index.js';
import { DeviceRegistry } from './devices/device-registry.js';
import type { Rejection } from './model/rejection.js';
import { createPipeline, type Pipeline } from './pipeline/index.js';
import { DurableQueue } from './queue/index.js';
import { RejectionLog, payloadExcerpt } from './rejections/rejection-log.js';
import { InfluxWriter } from './sinks/influx/influx-writer.js';
import { SinkRunner } from './sinks/sink-runner.js';
import type { QueuedReading } from './sinks/types.js';
import { MqttSource } from './source/mqtt-source.js';

const INFLUX_SINK = 'influxdb';
const SHUTDOWN_DRAIN_MS = 5000;

/**
 * The bridge, wired: MQTT source → pipeline → durable queue → InfluxDB sink, plus the admin surface.
 * `start` validates nothing (config is already valid) and connects in the background (retryable).
 */
export class Bridge {
  readonly metrics: BridgeMetrics;
  readonly devices: DeviceRegistry;
  readonly rejections: RejectionLog;
  readonly #pipeline: Pipeline;
  readonly #queue: DurableQueue<QueuedReading>;
  readonly #source: MqttSource;
  readonly #influx: InfluxWriter;
  readonly #influxSink: SinkRunner;
  readonly #archive: Archive;
  #http: FastifyInstance | undefined;
  #stopping = false;

  constructor(
    private readonly config: BridgeConfig,
    private readonly log: Logger,
  ) {
    this.metrics = createMetrics({ perDevice: config.metrics.perDevice });
    this.devices = new DeviceRegistry(config.devices.staleAfterMs);
    this.rejections = new RejectionLog(config.rejections.kept);
    this.#pipeline = createPipeline(config.pipeline);
    this.#queue = DurableQueue.open<QueuedReading>({ ...config.queue, consumers: [INFLUX_SINK] });
    this.metrics.queueLimitMessages.set(config.queue.maxMessages);
    this.#source = new MqttSource(config.mqtt, this.metrics, log.child({ component: 'mqtt' }));
    this.#influx = new InfluxWriter({ ...config.influx }, log.child({ component: 'influxdb' }));
    this.#influxSink = new SinkRunner(this.#queue, this.#influx, this.metrics, log.child({ component: 'sink' }), {
      batchSize: config.influx.batchSize,
      onWritten: (items) => {
        for (const item of items) this.#archive.noteReading(item.reading, item.receivedAt);
      },
    });
    this.#archive = createArchive(config.archive, {
      influx: config.influx,
      registry: this.metrics.registry,
      log, // createArchive tags its own lines (component: archive); a second child would repeat the key
      writtenThrough: () => this.#writtenThrough(),
    });
  }

  /** The address the admin server listens on (useful with HTTP_PORT=0). */
  get httpAddress(): string | undefined {
    const address = this.#http?.server.address();
    return address && typeof address === 'object' ? `http://${address.address}:${address.port}` : undefined;
  }

  async start(): Promise<void> {
    this.#http = await buildAdminServer({
      metrics: this.metrics,
      devices: this.devices,
      rejections: this.rejections,
      readiness: () => this.readiness(),
      logger: this.log,
      plugins: [async (app) => app.register(this.#archive.routes)],
    });
    await this.#http.listen({ host: this.config.http.host, port: this.config.http.port });
    void this.#connectInflux();
    await this.#archive.start();
    this.#source.start((topic, payload, receivedAt) => this.#onMessage(topic, payload, receivedAt));
    this.#refreshQueueGauges();
  }

  readiness(): ReadinessReport {
    const queueOk = !this.#queue.isFull;
    const influxConnected = this.#influx.serverVersion !== 'unknown';
    const influxProblem = influxConnected ? this.#influxSink.lastError : 'InfluxDB not reached yet';
    const checks = {
      mqtt: { ok: this.#source.connected, ...(this.#source.connected ? {} : { detail: 'not connected to the broker' }) },
      influxdb: { ok: this.#influxSink.healthy && influxConnected, ...(influxProblem ? { detail: influxProblem } : {}) },
      queue: {
        ok: queueOk,
        detail: `${this.#queue.depth} messages, ${this.#queue.bytes} bytes queued${queueOk ? '' : ' (full: acknowledgements held back)'}`,
      },
      archive: this.#archive.readiness(),
    };
    return { ready: Object.values(checks).every((c) => c.ok), checks };
  }

  /** Stops taking messages, writes what it can within a few seconds, keeps the rest queued on disk. */
  async stop(): Promise<void> {
    if (this.#stopping) return;
    this.#stopping = true;
    await this.#source.stop();
    await this.#archive.stop();
    await this.#influxSink.stop(SHUTDOWN_DRAIN_MS);
    await this.#influx.close();
    await this.#http?.close();
    this.#queue.close();
    this.log.info({ queued: this.#queue.depth }, 'bridge stopped');
  }

  #onMessage(topic: string, payload: Buffer, receivedAt: number): void | Promise<void> {
    const result = this.#pipeline.process(topic, payload, receivedAt);
    if (!result.ok) return this.#reject({ ...result.rejection, topic, receivedAt, payloadBytes: payload.length, payloadExcerpt: payloadExcerpt(payload), ...(result.device ? { device: result.device } : {}) });
    // Backpressure: at the limit, hold the acknowledgement until the sink frees space.
    if (this.#queue.isFull) return this.#appendWhenSpace({ reading: result.value, receivedAt });
    this.#accept({ reading: result.value, receivedAt });
  }

  async #appendWhenSpace(item: QueuedReading): Promise<void> {
    this.metrics.backpressure.set(1);
    this.log.warn({ depth: this.#queue.depth }, 'queue full: holding acknowledgements until the sink catches up');
    await this.#queue.waitForSpace();
    this.metrics.backpressure.set(0);
    // Woken by shutdown: leave the message unacknowledged; the broker redelivers it next session.
    if (this.#stopping) throw new Error('bridge is stopping');
    this.#accept(item);
  }

  #accept(item: QueuedReading): void {
    this.#queue.append(item);
    const { reading } = item;
    this.devices.record(reading, item.receivedAt);
    this.metrics.accepted.inc({ kind: reading.kind });
    this.metrics.deviceMessages?.inc({ site: reading.site, device: reading.device });
  }

  #reject(rejection: Rejection): void {
    this.rejections.add(rejection);
    this.metrics.rejected.inc({ reason: rejection.reason });
    this.log.debug({ reason: rejection.reason, topic: rejection.topic, detail: rejection.detail }, 'message rejected');
    const deadLetterTopic = this.config.mqtt.deadLetterTopic;
    if (deadLetterTopic) this.#source.publish(`${deadLetterTopic}/${rejection.reason}`, JSON.stringify(rejection));
  }

  /** Receive time of the oldest reading not yet in InfluxDB: the archive finalises nothing after it. */
  #writtenThrough(): number {
    return this.#queue.read(INFLUX_SINK, 1).items[0]?.receivedAt ?? Date.now();
  }

  async #connectInflux(): Promise<void> {
    let delay = 500;
    while (!this.#stopping) {
      try {
        await this.#influx.connect();
        // A stop that came while connecting has already stopped the sink: do not start it again.
        if (!this.#stopping) this.#influxSink.start();
        return;
      } catch (error) {
        this.log.warn({ err: (error as Error).message, retryInMs: delay }, 'InfluxDB not reachable yet');
        await new Promise((resolve) => setTimeout(resolve, delay));
        delay = Math.min(10_000, delay * 2);
      }
    }
  }

  #refreshQueueGauges(): void {
    const timer = setInterval(() => {
      this.metrics.queueDepth.set(this.#queue.depth);
      this.metrics.queueBytes.set(this.#queue.bytes);
    }, 1000);
    timer.unref();
    this.metrics.queueDepth.set(this.#queue.depth);
  }
}
