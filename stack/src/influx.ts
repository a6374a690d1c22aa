import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { resolveBinary } from './binaries.js';
import { launch, type ManagedServer } from './managed-server.js';
import { findFreePort } from './ports.js';
import { answersHttp } from './wait.js';

export interface InfluxOptions {
  dataDir: string;
  port?: number;
  /** Serve HTTPS instead of HTTP with this certificate and key; caFile is trusted by the readiness check. */
  tls?: InfluxTls;
}

export interface InfluxTls {
  certFile: string;
  keyFile: string;
  caFile: string;
}

export interface InfluxServer extends ManagedServer {
  /** The RPC (backup/restore) port, moved off 8088 so that instances do not collide. */
  readonly rpcPort: number;
}

/**
 * InfluxDB 1.x config for one local instance: only the HTTP API listens (on 127.0.0.1),
 * every other listener is off, and the RPC bind-address has its own free port.
 */
export function renderInfluxConfig(dataDir: string, httpPort: number, rpcPort: number, tls?: InfluxTls): string {
  const q = (path: string): string => JSON.stringify(path);
  return `# Rendered by @sensorplus/stack for a local run; do not edit.
# Debian's 1.6.7 build reads reporting-enabled; upstream 1.x reads reporting-disabled.
reporting-enabled = false
reporting-disabled = true
bind-address = "127.0.0.1:${rpcPort}"

[meta]
  dir = ${q(join(dataDir, 'meta'))}
  logging-enabled = false

[data]
  dir = ${q(join(dataDir, 'data'))}
  wal-dir = ${q(join(dataDir, 'wal'))}
  query-log-enabled = false

[monitor]
  store-enabled = false

[http]
  enabled = true
  bind-address = "127.0.0.1:${httpPort}"
  log-enabled = false
  pprof-enabled = false
  unix-socket-enabled = false
  https-enabled = ${tls !== undefined}
${tls === undefined ? '' : `  https-certificate = ${q(tls.certFile)}\n  https-private-key = ${q(tls.keyFile)}\n`}
[ifql]
  enabled = false

[continuous_queries]
  log-enabled = false

[[graphite]]
  enabled = false

[[collectd]]
  enabled = false

[[opentsdb]]
  enabled = false

[[udp]]
  enabled = false
`;
}

/** Starts InfluxDB 1.x with its data under dataDir; url is http://127.0.0.1:PORT (https:// with `tls`). */
export async function startInflux(o: InfluxOptions): Promise<InfluxServer> {
  const binary = resolveBinary('influxd');
  const dataDir = resolve(o.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const port = await findFreePort(o.port);
  const rpcPort = await findFreePort();
  const configFile = join(dataDir, 'influxdb.conf');
  const tls = o.tls && { certFile: resolve(o.tls.certFile), keyFile: resolve(o.tls.keyFile), caFile: resolve(o.tls.caFile) };
  writeFileSync(configFile, renderInfluxConfig(dataDir, port, rpcPort, tls));
  const url = `${tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  const ca = tls && readFileSync(tls.caFile, 'utf8');
  return launch(
    {
      name: 'influxd',
      binary,
      args: ['-config', configFile],
      dataDir,
      port,
      url,
      logFile: join(dataDir, 'influxd.log'),
      readyWhat: `answering GET ${url}/ping with 204`,
      isReady: () => answersHttp(`${url}/ping`, 204, { ca }),
      readyTimeoutMs: 30_000,
      stopTimeoutMs: 15_000,
    },
    { rpcPort },
  );
}
