import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { createConnection, type RowDataPacket } from 'mysql2/promise';
import { pino, type Logger } from 'pino';
import { Registry } from 'prom-client';
import { startInflux, startMariadb, type InfluxServer, type MariadbServer } from '@sensorplus/stack';
import { createArchive, type Archive } from '../../../src/archive/index.js';
import { loadConfig } from '../../../src/config/index.js';
import { Secret } from '../../../src/model/secret.js';
import type { InfluxConnection } from '../../../src/influx/index.js';

export const INFLUX_DB = 'sensorplus';
const USER = 'bridge';

/** A MariaDB and an InfluxDB in a temp dir for one test file; each test takes its own MySQL database. */
export class ArchiveServers {
  readonly password = randomBytes(12).toString('hex');
  mariadb!: MariadbServer;
  influx!: InfluxServer;
  readonly #archives: Archive[] = [];
  #databases = 0;

  private constructor(readonly dir: string) {}

  static async start(name: string): Promise<ArchiveServers> {
    const servers = new ArchiveServers(fs.mkdtempSync(path.join(os.tmpdir(), `sensorplus-archive-${name}-`)));
    const [mariadb, influx] = await Promise.all([
      startMariadb({ dataDir: path.join(servers.dir, 'mariadb'), database: 'archive', user: USER, password: servers.password }),
      startInflux({ dataDir: path.join(servers.dir, 'influxdb') }),
    ]);
    servers.mariadb = mariadb;
    servers.influx = influx;
    return servers;
  }

  get influxConnection(): InfluxConnection {
    return { url: this.influx.url, token: new Secret(''), org: '', bucket: INFLUX_DB, timeoutMs: 10_000 };
  }

  /** A fresh, empty database for one test (created as root over the unix socket). */
  async newDatabase(): Promise<string> {
    const name = `archive_${++this.#databases}`;
    const root = await createConnection({ socketPath: this.mariadb.socket, user: 'root' });
    try {
      await root.query(`CREATE DATABASE ${name}`);
      for (const host of ['%', 'localhost']) await root.query(`GRANT ALL PRIVILEGES ON ${name}.* TO ?@?`, [USER, host]);
    } finally {
      await root.end();
    }
    return `mysql://${USER}:${this.password}@127.0.0.1:${this.mariadb.port}/${name}`;
  }

  /** Creates an archive from environment-style settings, exactly as the bridge reads them. */
  archive(env: Record<string, string>, extra: { writtenThrough?: () => number; now?: () => number; registry?: Registry } = {}): { archive: Archive; registry: Registry } {
    const config = loadConfig({ INFLUX_BUCKET: INFLUX_DB, ...env });
    const registry = extra.registry ?? new Registry();
    const archive = createArchive(config.archive, {
      influx: { ...this.influxConnection, bucket: config.influx.bucket },
      profiles: config.profiles,
      registry,
      log: testLogger(),
      writtenThrough: extra.writtenThrough ?? (() => Date.now()),
      ...(extra.now ? { now: extra.now } : {}),
    });
    this.#archives.push(archive);
    return { archive, registry };
  }

  async stop(): Promise<void> {
    await Promise.allSettled(this.#archives.map((a) => a.stop()));
    await Promise.allSettled([this.mariadb?.stop(), this.influx?.stop()]);
    if (!process.env.KEEP_TEST_DIRS) fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

export function testLogger(): Logger {
  return pino({ level: process.env.ARCHIVE_TEST_LOG ?? 'silent' });
}

export async function sql<T = RowDataPacket>(url: string, statement: string, values: unknown[] = []): Promise<T[]> {
  const connection = await createConnection({ uri: url, timezone: 'Z', connectTimeout: 5000 });
  try {
    const [rows] = await connection.query<RowDataPacket[]>(statement, values);
    return rows as T[];
  } finally {
    await connection.end();
  }
}
