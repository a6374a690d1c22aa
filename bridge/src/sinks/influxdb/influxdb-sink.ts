import { setLogger, type WriteApi } from '@influxdata/influxdb-client';
import type { Logger } from 'pino';
import type { ClientFactories } from '../../clients.js';
import { influxQuery, probeInflux, quoteIdentifier, splitBucket, v1AuthParams, type InfluxConnection } from '../../influx/index.js';
import type { Reading } from '../../model/reading.js';
import { SinkError, type Sink } from '../sink.js';
import { classify } from './classify.js';
import { toLineProtocol } from './line-protocol.js';

export interface InfluxdbSinkOptions extends InfluxConnection {
  batchSize: number;
  createDatabase: boolean;
  retention: string;
}

/**
 * Writes batches through the client's WriteApi with its own retries turned off: the durable
 * queue is the retry buffer, so a failure is reported to the runner, never dropped in memory.
 */
export class InfluxdbSink implements Sink {
  readonly batchSize: number;
  // A write's lines and its flush happen in one synchronous step, so two writes never share a request.
  // Two under way: one is parsed by InfluxDB while the other waits for its WAL sync or its answer.
  readonly maxInFlight = 2;
  #writeApi: WriteApi | undefined;

  constructor(
    private readonly options: InfluxdbSinkOptions,
    private readonly makeClient: ClientFactories['influx'],
    private readonly log: Logger,
  ) {
    this.batchSize = options.batchSize;
    // The client logs failed writes to the console by itself; the runner reports them instead.
    setLogger({ error: () => undefined, warn: () => undefined });
  }

  /** Detects the server and prepares the write path (on 1.x before 1.8 the v1 `/write`, creating the database if asked to). */
  async connect(): Promise<void> {
    try {
      this.#writeApi = await this.#prepare();
    } catch (error) {
      throw classify(error);
    }
  }

  async write(batch: readonly Reading[]): Promise<void> {
    const writeApi = this.#writeApi;
    if (!writeApi) throw new SinkError('SP_ERR_SINK_NOT_CONNECTED', 'InfluxDB is not connected yet');
    // A reading that cannot be encoded (a non-finite number) throws here, unclassified: its batch is dropped, never retried.
    const lines = batch.map(toLineProtocol);
    writeApi.writeRecords(lines);
    try {
      await writeApi.flush();
    } catch (error) {
      throw classify(error);
    }
  }

  async close(): Promise<void> {
    await this.#writeApi?.dispose();
    this.#writeApi = undefined;
  }

  async #prepare(): Promise<WriteApi> {
    const info = await probeInflux(this.options);
    const writeApi = this.makeClient({
      url: this.options.url,
      token: this.options.token.reveal() || undefined,
      timeout: this.options.timeoutMs,
      ...(this.options.ca === undefined ? {} : { transportOptions: { ca: this.options.ca } }),
    })
      .getWriteApi(this.options.org, this.options.bucket, 'ms', {
        batchSize: this.options.batchSize + 1,
        flushInterval: 0,
        maxRetries: 0,
        maxBufferLines: this.options.batchSize * 2,
        gzipThreshold: 64 * 1024,
      });
    if (info.legacyV1) {
      const { database, retentionPolicy } = splitBucket(this.options.bucket);
      const params = v1AuthParams(this.options);
      params.set('db', database);
      if (retentionPolicy) params.set('rp', retentionPolicy);
      params.set('precision', 'ms');
      writeApi.path = `/write?${params}`;
      if (this.options.createDatabase) await this.#createDatabase(database);
    }
    this.log.info({ version: info.version, legacyV1: info.legacyV1 }, 'connected to InfluxDB');
    return writeApi;
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
