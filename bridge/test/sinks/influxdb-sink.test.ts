import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll } from 'vitest';
import { findFreePort, startInflux, type InfluxServer } from '@sensorplus/stack';
import { REAL_CLIENTS } from '../../src/clients.js';
import { influxQuery, quoteIdentifier, type InfluxConnection, type InfluxSeries } from '../../src/influx/index.js';
import type { Quality, Reading } from '../../src/model/reading.js';
import { Secret } from '../../src/model/secret.js';
import { InfluxdbSink, type InfluxdbSinkOptions } from '../../src/sinks/influxdb/influxdb-sink.js';
import { describeSinkContract } from '../support/sink-contract.js';

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
  createDatabase: true,
  retention: 'INF',
});
const sink = (settings: InfluxdbSinkOptions) => new InfluxdbSink(settings, REAL_CLIENTS.influx, pino({ level: 'silent' }));

/** Every point of the database as a reading: measurement = kind, tags site/room/device, fields, quality. */
async function storedReadings(connection: InfluxConnection): Promise<Reading[]> {
  const series = await influxQuery(connection, 'SELECT * FROM /.*/ GROUP BY *');
  return series.flatMap((s) => s.values.map((row) => toReading(s, row)));
}

function toReading(series: InfluxSeries, row: unknown[]): Reading {
  const { site = '', room = '', device = '' } = series.tags ?? {};
  const reading: Reading = { site, device, kind: series.name, ts: 0, fields: {}, quality: 'good', ...(room ? { room } : {}) };
  series.columns.forEach((column, i) => {
    const value = row[i];
    if (column === 'time') reading.ts = value as number;
    else if (column === 'quality') reading.quality = value as Quality;
    else if (value !== null) reading.fields[column] = value as number | boolean;
  });
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
