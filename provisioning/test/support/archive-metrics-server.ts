import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { findFreePort, startMariadb, type MariadbServer } from '@sensorplus/stack';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { createArchive, type Archive } from '../../../bridge/src/archive/index.js';
import { loadConfig } from '../../../bridge/src/config/index.js';
import type { InfluxConnection } from '../../../bridge/src/influx/index.js';

/**
 * The bridge's archive job on a real MariaDB, with its metrics (the archive's own
 * createArchiveMetrics, the same series the bridge exposes) served on /metrics for Prometheus.
 * The bridge process does not run the archive yet (it is not wired into app.ts), so the test runs
 * it next to the bridge, as a second target of the same job.
 */
export class ArchiveMetricsServer {
  private constructor(
    private readonly mariadb: MariadbServer,
    private readonly archive: Archive,
    private readonly server: Server,
    readonly target: string,
  ) {}

  static async start(dir: string, influx: InfluxConnection): Promise<ArchiveMetricsServer> {
    const password = 'archive-test';
    const mariadb = await startMariadb({ dataDir: join(dir, 'mariadb'), database: 'sensorplus', user: 'bridge', password });
    const config = loadConfig({
      INFLUX_URL: influx.url,
      INFLUX_BUCKET: influx.bucket,
      MYSQL_URL: `mysql://bridge:${password}@127.0.0.1:${mariadb.port}/sensorplus`,
      ARCHIVE_INTERVAL_SECONDS: '1',
      ARCHIVE_GRACE_SECONDS: '0',
    });
    const registry = new Registry();
    const archive = createArchive(config.archive, { influx, registry, log: pino({ level: 'silent' }), writtenThrough: () => Date.now() });
    await archive.start();
    const port = await findFreePort();
    const server = createServer((_request, response) => {
      registry.metrics().then(
        (text) => response.writeHead(200, { 'content-type': registry.contentType }).end(text),
        () => response.writeHead(500).end(),
      );
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    return new ArchiveMetricsServer(mariadb, archive, server, `127.0.0.1:${port}`);
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    await this.archive.stop();
    await this.mariadb.stop();
  }
}
