import { setLogger, type Transport } from '@influxdata/influxdb-client';
import type { Logger } from 'pino';
import type { ClientFactories } from '../../clients.js';
import type { BridgeConfig } from '../../config/index.js';
import { influxQuery, probeInflux, quoteIdentifier, splitBucket, v1AuthParams, type InfluxConnection } from '../../influx/index.js';
import type { Reading } from '../../model/reading.js';
import { SinkError, type Sink } from '../sink.js';
import { classify } from './classify.js';
import { toLineProtocol } from './line-protocol.js';

export interface InfluxdbSinkOptions extends InfluxConnection {
  batchSize: number;
  batchTimeoutMs: number;
  createDatabase: boolean;
  retention: string;
  /** `gzip` compresses the bodies above GZIP_THRESHOLD_BYTES; `identity` none. */
  contentEncoding: BridgeConfig['influx']['contentEncoding'];
}

/** With `gzip`, bodies above this (a full batch) are compressed; smaller ones are not worth the CPU. */
const GZIP_THRESHOLD_BYTES = 64 * 1024;

/** Where the lines go and how: the client's transport (TLS, token, timeout) and the write path of the server found. */
interface WritePath {
  transport: Transport;
  path: string;
}

/**
 * Writes each batch the runner hands it as one request, posted through the client's transport.
 * Not through its WriteApi: the runner already batches, and the WriteApi's own buffer measures
 * every line again, character by character. Nothing is retried here: the durable queue is the
 * retry buffer, so a failure is reported to the runner, never dropped in memory.
 */
export class InfluxdbSink implements Sink {
  readonly batchSize: number;
  readonly batchTimeoutMs: number;
  // Two under way: one is parsed by InfluxDB while the other waits for its WAL sync or its answer.
  readonly maxInFlight = 2;
  #write: WritePath | undefined;

  constructor(
    private readonly options: InfluxdbSinkOptions,
    private readonly makeClient: ClientFactories['influx'],
    private readonly log: Logger,
  ) {
    this.batchSize = options.batchSize;
    this.batchTimeoutMs = options.batchTimeoutMs;
    // The client logs failed writes to the console by itself; the runner reports them instead.
    setLogger({ error: () => undefined, warn: () => undefined });
  }

  /** Detects the server and prepares the write path (on 1.x before 1.8 the v1 `/write`, creating the database if asked to). */
  async connect(): Promise<void> {
    try {
      this.#write = await this.#prepare();
    } catch (error) {
      throw classify(error);
    }
  }

  async write(batch: readonly Reading[]): Promise<void> {
    const target = this.#write;
    if (!target) throw new SinkError('SP_ERR_SINK_NOT_CONNECTED', 'InfluxDB is not connected yet');
    // A reading that cannot be encoded (a non-finite number) throws here, unclassified: its batch is dropped, never retried.
    const body = batch.map(toLineProtocol).join('\n');
    try {
      await target.transport.request(target.path, body, {
        method: 'POST',
        headers: { 'content-type': 'text/plain; charset=utf-8' },
        ...(this.options.contentEncoding === 'gzip' ? { gzipThreshold: GZIP_THRESHOLD_BYTES } : {}),
      });
    } catch (error) {
      throw classify(error);
    }
  }

  async close(): Promise<void> {
    this.#write = undefined;
  }

  async #prepare(): Promise<WritePath> {
    const info = await probeInflux(this.options);
    const { transport } = this.makeClient({
      url: this.options.url,
      token: this.options.token.reveal() || undefined,
      timeout: this.options.timeoutMs,
      ...(this.options.ca === undefined ? {} : { transportOptions: { ca: this.options.ca } }),
    });
    let path: string;
    if (info.legacyV1) {
      const { database, retentionPolicy } = splitBucket(this.options.bucket);
      const params = v1AuthParams(this.options);
      params.set('db', database);
      if (retentionPolicy) params.set('rp', retentionPolicy);
      params.set('precision', 'ms');
      path = `/write?${params}`;
      if (this.options.createDatabase) await this.#createDatabase(database);
    } else {
      path = `/api/v2/write?${new URLSearchParams({ org: this.options.org, bucket: this.options.bucket, precision: 'ms' })}`;
    }
    this.log.info({ version: info.version, legacyV1: info.legacyV1 }, 'connected to InfluxDB');
    return { transport, path };
  }

  async #createDatabase(database: string): Promise<void> {
    await influxQuery(this.options, `CREATE DATABASE ${quoteIdentifier(database)} WITH DURATION ${this.options.retention}`, {
      database,
      method: 'POST',
    }).catch((error: unknown) => {
      // An existing database with another retention is fine: the operator chose it.
      if (!String(error).includes('already exists')) throw error;
    });
  }
}
