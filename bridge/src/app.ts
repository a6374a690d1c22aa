import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { ReadinessReport } from './admin/routes/health.js';
import { AccessTokens } from './admin/auth.js';
import { ingestRoutes } from './admin/routes/ingest.js';
import { buildAdminServer } from './admin/server.js';
import { createArchive, type Archive } from './archive/index.js';
import type { ClientFactories } from './clients.js';
import type { BridgeConfig } from './config/index.js';
import { DeviceRegistry } from './devices/device-registry.js';
import { Intake } from './intake/intake.js';
import { createLive, type Live } from './live/index.js';
import { createMetrics, type BridgeMetrics } from './metrics/bridge-metrics.js';
import { createHttpMetrics, type HttpMetrics } from './metrics/http-metrics.js';
import { trackQueueGauges } from './metrics/queue-gauges.js';
import type { QueuedReading } from './model/queued-reading.js';
import { createPipeline, type Pipeline } from './pipeline/index.js';
import { DurableQueue } from './queue/index.js';
import { RejectionLog } from './rejections/rejection-log.js';
import { SINKS, bySink, type SinkName } from './sinks/registry.js';
import { SinkRunner } from './sinks/sink-runner.js';
import { MqttSource } from './source/mqtt-source.js';

const SHUTDOWN_DRAIN_MS = 5000;

/**
 * The bridge, wired from its parts: MQTT source → intake (the pipeline's stages) → durable queue →
 * one runner per registered sink; the archive consumes the InfluxDB sink's output; the admin
 * surface reads them all. This class builds the parts, connects their ports, starts and stops them
 * in order and gathers their readiness: no message passes through it.
 */
export class Bridge {
  readonly metrics: BridgeMetrics;
  readonly devices: DeviceRegistry;
  readonly rejections: RejectionLog;
  readonly #queue: DurableQueue<QueuedReading>;
  readonly #source: MqttSource;
  readonly #pipeline: Pipeline;
  readonly #intake: Intake;
  readonly #httpMetrics: HttpMetrics;
  readonly #sinks: Record<SinkName, SinkRunner>;
  readonly #archive: Archive;
  readonly #live: Live;
  #http: FastifyInstance | undefined;
  #stopQueueGauges: (() => void) | undefined;
  #stopped = false;

  constructor(
    private readonly config: BridgeConfig,
    private readonly log: Logger,
    clients: ClientFactories,
  ) {
    this.metrics = createMetrics({ perDevice: config.metrics.perDevice });
    this.devices = new DeviceRegistry(config.devices.staleAfterMs);
    this.rejections = new RejectionLog(config.rejections.kept);
    // One cursor per sink: each reads the queue at its own pace; a segment is deleted once every cursor has passed it.
    this.#queue = DurableQueue.open<QueuedReading>({ ...config.queue, consumers: Object.keys(SINKS) });
    this.#source = new MqttSource(config.mqtt, this.metrics, log.child({ component: 'mqtt' }), clients.mqtt);
    // One pipeline for MQTT (through the intake) and HTTP ingest: one rate limit per device, whichever way it sends.
    this.#pipeline = createPipeline(config.pipeline, config.profiles);
    this.#httpMetrics = createHttpMetrics(this.metrics.registry);
    this.#intake = new Intake({
      pipeline: this.#pipeline,
      queue: this.#queue,
      devices: this.devices,
      rejections: this.rejections,
      deadLetters: this.#source,
      metrics: this.metrics,
      log: log.child({ component: 'intake' }),
    });
    this.#sinks = bySink(
      (name, create) =>
        new SinkRunner(name, create(config, clients, log.child({ component: name })), this.#queue, this.metrics, log.child({ component: 'sink' })),
    );
    const influxdb = this.#sinks.influxdb;
    this.#archive = createArchive(config.archive, {
      influx: config.influx,
      profiles: config.profiles,
      writtenThrough: influxdb.writtenThrough,
      written: influxdb,
      createPool: clients.mysql,
      registry: this.metrics.registry,
      log, // createArchive tags its own lines (component: archive); a second child would repeat the key
    });
    this.#live = createLive(config.live, {
      devices: this.devices,
      rejections: this.rejections,
      influx: config.influx,
      staleAfterMs: config.devices.staleAfterMs,
      registry: this.metrics.registry,
      log,
    });
  }

  /** The address the admin server listens on (useful with HTTP_PORT=0). */
  get httpAddress(): string | undefined {
    const address = this.#http?.server.address();
    return address && typeof address === 'object' ? `http://${address.address}:${address.port}` : undefined;
  }

  /** Listens, then starts the sinks and the archive (each connects in the background, retrying), then takes messages. */
  async start(): Promise<void> {
    const { http } = this.config;
    const tokens = new AccessTokens({ read: http.readToken, admin: http.adminToken });
    if (!tokens.configured && !['127.0.0.1', '::1', 'localhost'].includes(http.host)) {
      this.log.warn({ host: http.host }, 'no READ_TOKEN or ADMIN_TOKEN: /api/* and the live view are open to everyone who reaches this address');
    }
    this.#http = await buildAdminServer({
      metrics: this.metrics,
      httpMetrics: this.#httpMetrics,
      access: {
        tokens,
        probesRequireToken: http.probesRequireToken,
        rateLimitPerMinute: http.rateLimitPerMinute,
        corsOrigins: http.corsOrigins,
      },
      devices: this.devices,
      rejections: this.rejections,
      readiness: () => this.readiness(),
      logger: this.log,
      secrets: this.config.secrets,
      plugins: [async (app) => app.register(this.#archive.routes), this.#live.routes, (app) => this.#ingestRoutes(app)],
    });
    await this.#http.listen({ host: this.config.http.host, port: this.config.http.port });
    for (const sink of Object.values(this.#sinks)) sink.start();
    await this.#archive.start();
    this.#live.start();
    this.#source.start(this.#intake);
    this.#stopQueueGauges = trackQueueGauges(this.metrics, this.#queue, this.config.queue.maxMessages);
  }

  async #ingestRoutes(app: FastifyInstance): Promise<void> {
    const { profiles, pipeline, ingest } = this.config;
    await app.register(ingestRoutes, {
      pipeline: this.#pipeline,
      intake: this.#intake,
      tokens: ingest.tokens,
      maxBodyBytes: ingest.maxBodyBytes,
      rateLimitOf: (route) => profiles.find((profile) => profile.route === route)?.rateLimit ?? pipeline.rateLimit,
      metrics: this.#httpMetrics,
    });
  }

  readiness(): ReadinessReport {
    const checks = {
      mqtt: this.#source.readiness(),
      ...bySink((name) => this.#sinks[name].readiness()),
      queue: this.#intake.queueReadiness(),
      archive: this.#archive.readiness(),
    };
    return { ready: Object.values(checks).every((c) => c.ok), checks };
  }

  /** Stops taking messages, writes what it can within a few seconds, keeps the rest queued on disk. */
  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#intake.stop();
    await this.#source.stop();
    await this.#archive.stop();
    await Promise.all(Object.values(this.#sinks).map((sink) => sink.stop(SHUTDOWN_DRAIN_MS)));
    // Before the HTTP server: its close waits for open streams, which the live part ends.
    await this.#live.stop();
    await this.#http?.close();
    this.#stopQueueGauges?.();
    this.#queue.close();
    this.log.info({ queued: this.#queue.depth }, 'bridge stopped');
  }
}
