import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort, startInflux, type InfluxServer } from '@sensorplus/stack';
import { REAL_CLIENTS } from '../../src/clients.js';
import { influxQuery, quoteIdentifier, type InfluxConnection, type InfluxSeries } from '../../src/influx/index.js';
import type { FieldValue, Quality, Reading } from '../../src/model/reading.js';
import { Secret } from '../../src/model/secret.js';
import { InfluxdbSink, type InfluxdbSinkOptions } from '../../src/sinks/influxdb/influxdb-sink.js';
import { contractReadings, describeSinkContract } from '../support/sink-contract.js';

let dir: string;
let influx: InfluxServer;
let closedPort: number;
let databases = 0;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sensorplus-influxdb-sink-'));
  [influx, closedPort] = await Promise.all([startInflux({ dataDir: path.join(dir, 'influxdb') }), findFreePort()]);
}, 60_000);

afterAll(async () => {
  await influx?.stop();
  if (!process.env.KEEP_TEST_DIRS) fs.rmSync(dir, { recursive: true, force: true });
});

const options = (bucket: string, url = influx.url): InfluxdbSinkOptions => ({
  url,
  token: new Secret(''),
  org: '',
  bucket,
  timeoutMs: 5_000,
  batchSize: 25,
  batchTimeoutMs: 20,
  createDatabase: true,
  retention: 'INF',
  contentEncoding: 'identity',
});
const sink = (settings: InfluxdbSinkOptions) => new InfluxdbSink(settings, REAL_CLIENTS.influx, pino({ level: 'silent' }));

/** Every point of the database as a reading: its measurement, tags, typed fields (integers as the schema says) and quality. */
async function storedReadings(connection: InfluxConnection): Promise<Reading[]> {
  const fieldKeys = await influxQuery(connection, 'SHOW FIELD KEYS');
  const integers = new Map(fieldKeys.map((s) => [s.name, new Set(s.values.filter((v) => v[1] === 'integer').map((v) => String(v[0])))]));
  const series = await influxQuery(connection, 'SELECT * FROM /.*/ GROUP BY *');
  return series.flatMap((s) => s.values.map((row) => toReading(s, row, integers.get(s.name) ?? new Set())));
}

function toReading(series: InfluxSeries, row: unknown[], integers: ReadonlySet<string>): Reading {
  // GROUP BY * names every tag key of the measurement; a point without one has it empty.
  const tags = Object.fromEntries(Object.entries(series.tags ?? {}).filter(([, value]) => value !== ''));
  const reading: Reading = { measurement: series.name, tags, ts: 0, fields: {}, quality: 'good' };
  series.columns.forEach((column, i) => {
    const value = row[i];
    if (column === 'time') reading.ts = value as number;
    else if (column === 'quality') reading.quality = value as Quality;
    else if (value !== null) reading.fields[column] = value as FieldValue;
  });
  const integerFields = Object.keys(reading.fields).filter((field) => integers.has(field));
  if (integerFields.length > 0) reading.integerFields = integerFields;
  return reading;
}

describeSinkContract('InfluxDB', () => ({
  fresh: async () => {
    const settings = options(`contract_${++databases}`);
    // Created here rather than by the sink: 1.8 and later do not create a database on connect.
    await influxQuery(settings, `CREATE DATABASE ${quoteIdentifier(settings.bucket)}`, { method: 'POST' });
    return { sink: sink(settings), stored: () => storedReadings(settings) };
  },
  unreachable: () => sink(options('contract_unreachable', `http://127.0.0.1:${closedPort}`)),
}));

/** Between the sink and the real InfluxDB: passes every request on and notes each write's Content-Encoding. */
async function encodingRecorder(target: string): Promise<{ url: string; writeEncodings: string[]; close(): Promise<void> }> {
  const writeEncodings: string[] = [];
  const server = http.createServer((request, response) => {
    if (request.url?.startsWith('/write')) writeEncodings.push(request.headers['content-encoding'] ?? 'identity');
    const upstream = http.request(new URL(request.url ?? '/', target), { method: request.method, headers: request.headers }, (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
    });
    request.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, writeEncodings, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('InfluxDB sink content encoding', () => {
  // 2,000 readings make a body of about 160 KiB, above the 64 KiB from which gzip compresses.
  const batch = contractReadings(2000);

  it.each(['identity', 'gzip'] as const)('with %s, sends a full batch so encoded and InfluxDB stores all of it', async (contentEncoding) => {
    const recorder = await encodingRecorder(influx.url);
    const settings = { ...options(`encoding_${contentEncoding}`, recorder.url), batchSize: batch.length, contentEncoding };
    const writer = sink(settings);
    try {
      await writer.connect();
      await writer.write(batch);
      expect(recorder.writeEncodings).toEqual([contentEncoding]);
      expect(await storedReadings(settings)).toHaveLength(batch.length);
    } finally {
      await writer.close();
      await recorder.close();
    }
  });
});
