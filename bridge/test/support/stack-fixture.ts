import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import {
  ensureLocalCertificates,
  startInflux,
  startMosquitto,
  type InfluxServer,
  type LocalCertificates,
  type MosquittoServer,
} from '@sensorplus/stack';
import { influxQuery, type InfluxConnection } from '../../src/influx/index.js';
import { Secret } from '../../src/model/secret.js';
import { BridgeProcess } from './bridge-process.js';

/** Throwaway Mosquitto (shipped config, real accounts) + InfluxDB in a temp dir, for one test file. */
export class StackFixture {
  readonly accounts = {
    bridge: { username: 'bridge', password: randomBytes(12).toString('hex') },
    simulator: { username: 'simulator', password: randomBytes(12).toString('hex') },
    operator: { username: 'operator', password: randomBytes(12).toString('hex') },
  };
  mosquitto!: MosquittoServer;
  influx!: InfluxServer;
  readonly bridges: BridgeProcess[] = [];
  /** With `tls`: the local CA; Mosquitto also listens on TLS (`mosquitto.tlsUrl`) and InfluxDB speaks HTTPS only. */
  certificates: LocalCertificates | undefined;

  private constructor(readonly dir: string) {}

  static async start(name: string, options: { tls?: boolean } = {}): Promise<StackFixture> {
    const fixture = new StackFixture(fs.mkdtempSync(path.join(os.tmpdir(), `sensorplus-${name}-`)));
    const certificates = options.tls ? ensureLocalCertificates(path.join(fixture.dir, 'tls')) : undefined;
    fixture.certificates = certificates;
    const [mosquitto, influx] = await Promise.all([
      startMosquitto({
        dataDir: path.join(fixture.dir, 'mosquitto'),
        users: Object.values(fixture.accounts),
        ...(certificates ? { tls: { certsDir: certificates.dir } } : {}),
      }),
      startInflux({
        dataDir: path.join(fixture.dir, 'influxdb'),
        tls: certificates && { certFile: certificates.serverCertFile, keyFile: certificates.serverKeyFile, caFile: certificates.caFile },
      }),
    ]);
    fixture.mosquitto = mosquitto;
    fixture.influx = influx;
    return fixture;
  }

  get influxConnection(): InfluxConnection {
    const ca = this.certificates && fs.readFileSync(this.certificates.caFile, 'utf8');
    return { url: this.influx.url, token: new Secret(''), org: '', bucket: 'sensorplus', timeoutMs: 10_000, ca };
  }

  /** Environment for a bridge against this stack; `overrides` win. */
  bridgeEnv(overrides: Record<string, string> = {}): Record<string, string> {
    return {
      MQTT_URL: this.mosquitto.url,
      MQTT_USERNAME: this.accounts.bridge.username,
      MQTT_PASSWORD: this.accounts.bridge.password,
      INFLUX_URL: this.influx.url,
      ...(this.certificates ? { INFLUX_CA_FILE: this.certificates.caFile } : {}),
      INFLUX_BUCKET: 'sensorplus',
      QUEUE_DIR: path.join(this.dir, 'queue'),
      ...overrides,
    };
  }

  async startBridge(overrides: Record<string, string> = {}): Promise<BridgeProcess> {
    const bridge = await BridgeProcess.start(this.bridgeEnv(overrides), path.join(this.dir, 'bridge.log'));
    this.bridges.push(bridge);
    return bridge;
  }

  publisherOptions() {
    return { url: this.mosquitto.url, ...this.accounts.simulator, maxInFlight: 500 };
  }

  /** Number of points in InfluxDB over all kinds (count of the `quality` field, which every point has). */
  async countPoints(measurementRegex = '/.*/'): Promise<number> {
    const series = await influxQuery(this.influxConnection, `SELECT count("quality") FROM ${measurementRegex}`).catch((error: unknown) => {
      if (String(error).includes('database not found')) return [];
      throw error;
    });
    return series.reduce((sum, s) => sum + Number(s.values[0]?.[1] ?? 0), 0);
  }

  async stop(): Promise<void> {
    await Promise.allSettled(this.bridges.map((b) => b.stop()));
    await Promise.allSettled([this.mosquitto?.stop(), this.influx?.stop()]);
    if (!process.env.KEEP_TEST_DIRS) fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

export async function eventually<T>(
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  { timeoutMs, intervalMs = 250 }: { timeoutMs: number; intervalMs?: number },
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await probe();
  while (!done(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
    value = await probe();
  }
  return value;
}
