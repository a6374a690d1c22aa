import { HttpError, InfluxDB, setLogger, type WriteApi } from '@influxdata/influxdb-client';
import type { Logger } from 'pino';
import { influxQuery, probeInflux, quoteIdentifier, splitBucket, v1AuthParams, type InfluxConnection } from '../../influx/index.js';
import type { Reading } from '../../model/reading.js';
import { SinkWriteError, type BatchWriter } from '../types.js';
import { toLineProtocol } from './line-protocol.js';

export interface InfluxWriterOptions extends InfluxConnection {
  batchSize: number;
  createDatabase: boolean;
  retention: string;
}

/**
 * Writes batches through the client's WriteApi with its own retries turned off: the durable
 * queue is the retry buffer, so a failure is reported to the sink loop, never dropped in memory.
 */
export class InfluxWriter implements BatchWriter {
  readonly name = 'influxdb';
  #writeApi: WriteApi | undefined;
  #serverVersion = 'unknown';

  constructor(
    private readonly options: InfluxWriterOptions,
    private readonly log: Logger,
  ) {
    // The client logs failed writes to the console by itself; the sink reports them instead.
    setLogger({ error: () => undefined, warn: () => undefined });
  }

  get serverVersion(): string {
    return this.#serverVersion;
  }

  /** Detects the server (retryable until it answers) and prepares the write path. */
  async connect(): Promise<void> {
    const info = await probeInflux(this.options);
    this.#serverVersion = info.version;
    const writeApi = new InfluxDB({ url: this.options.url, token: this.options.token.reveal() || undefined, timeout: this.options.timeoutMs })
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
    this.#writeApi = writeApi;
    this.log.info({ version: info.version, legacyV1: info.legacyV1 }, 'connected to InfluxDB');
  }

  async write(batch: readonly Reading[]): Promise<void> {
    const writeApi = this.#writeApi;
    if (!writeApi) throw new SinkWriteError('InfluxDB is not connected yet', 'retryable');
    writeApi.writeRecords(batch.map(toLineProtocol));
    try {
      await writeApi.flush();
    } catch (error) {
      throw classify(error);
    }
  }

  async close(): Promise<void> {
    await this.#writeApi?.dispose();
  }

  async #createDatabase(database: string): Promise<void> {
    const duration = this.options.retention === 'INF' ? 'INF' : this.options.retention;
    await influxQuery(this.options, `CREATE DATABASE ${quoteIdentifier(database)} WITH DURATION ${duration}`, {
      database,
      method: 'POST',
    }).catch((error: unknown) => {
      // An existing database with another retention is fine: the operator chose it.
      if (!String(error).includes('already exists')) throw error;
    });
  }
}

/** Telegraf's rule: 400/422 can never succeed, 413 must be split, 429/5xx/network errors are retried. */
export function classify(error: unknown): SinkWriteError {
  if (error instanceof HttpError) {
    const detail = `InfluxDB answered ${error.statusCode}: ${error.body?.slice(0, 300) ?? error.message}`;
    if (error.statusCode === 413) return new SinkWriteError(detail, 'too_large');
    if (error.statusCode === 400 || error.statusCode === 422) return new SinkWriteError(detail, 'rejected');
    const retryAfterSeconds = error.retryAfter();
    return new SinkWriteError(detail, 'retryable', retryAfterSeconds > 0 ? retryAfterSeconds * 1000 : undefined);
  }
  return new SinkWriteError(`InfluxDB unreachable: ${(error as Error)?.message ?? String(error)}`, 'retryable');
}
