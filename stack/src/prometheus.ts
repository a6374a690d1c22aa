import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { resolveBinary } from './binaries.js';
import { launch, type ManagedServer } from './managed-server.js';
import { findFreePort } from './ports.js';
import { answersHttp } from './wait.js';

export interface PrometheusOptions {
  dataDir: string;
  port?: number;
  configFile: string;
}

/**
 * Starts Prometheus with its TSDB under dataDir; url is http://127.0.0.1:PORT.
 * --web.enable-lifecycle allows POST /-/reload after the config file changes.
 */
export async function startPrometheus(o: PrometheusOptions): Promise<ManagedServer> {
  const binary = resolveBinary('prometheus');
  const dataDir = resolve(o.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const port = await findFreePort(o.port);
  const url = `http://127.0.0.1:${port}`;
  return launch({
    name: 'prometheus',
    binary,
    args: [
      `--config.file=${resolve(o.configFile)}`,
      `--storage.tsdb.path=${join(dataDir, 'tsdb')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--web.enable-lifecycle',
    ],
    dataDir,
    port,
    url,
    logFile: join(dataDir, 'prometheus.log'),
    readyWhat: `answering GET ${url}/-/ready with 200`,
    isReady: () => answersHttp(`${url}/-/ready`, 200),
    readyTimeoutMs: 30_000,
    stopTimeoutMs: 15_000,
  });
}
