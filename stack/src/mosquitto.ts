import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { resolveBinary } from './binaries.js';
import { launch, type ManagedServer } from './managed-server.js';
import { renderLocalConfig } from './mosquitto-config.js';
import { writePasswordFile, type MqttAccount } from './mosquitto-passwd.js';
import { SHIPPED_MOSQUITTO_ACL } from './paths.js';
import { findFreePort } from './ports.js';
import { canConnect } from './wait.js';

export interface MosquittoOptions {
  dataDir: string;
  port?: number;
  /** Accounts written to a fresh password file at each start (hashed, mode 0600). */
  users: MqttAccount[];
  /** Default: the shipped mosquitto/acl. */
  aclFile?: string;
  /** Default: DATADIR/mosquitto.log. */
  logFile?: string;
  /**
   * Also open the shipped TLS listener; certsDir holds ca.crt, server.crt and server.key
   * (ensureLocalCertificates makes them). requireCertificate: mutual TLS.
   */
  tls?: { certsDir: string; port?: number; requireCertificate?: boolean };
}

export interface MosquittoServer extends ManagedServer {
  /** The rendered main config (it includes the shipped conf.d). */
  readonly configFile: string;
  /** mqtts://127.0.0.1:PORT when TLS is enabled. */
  readonly tlsUrl?: string;
}

/** Starts Mosquitto with the shipped settings on 127.0.0.1; url is mqtt://127.0.0.1:PORT. */
export async function startMosquitto(o: MosquittoOptions): Promise<MosquittoServer> {
  const binary = resolveBinary('mosquitto');
  const dataDir = resolve(o.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const port = await findFreePort(o.port);
  const tls = o.tls === undefined ? undefined : { ...o.tls, certsDir: resolve(o.tls.certsDir), port: await findFreePort(o.tls.port) };
  const passwordFile = join(dataDir, 'passwd');
  writePasswordFile(passwordFile, o.users);
  const configFile = join(dataDir, 'mosquitto.conf');
  const aclFile = resolve(o.aclFile ?? SHIPPED_MOSQUITTO_ACL);
  writeFileSync(configFile, renderLocalConfig({ dataDir, port, passwordFile, aclFile, ...(tls ? { tls } : {}) }));

  const extras = { configFile, ...(tls ? { tlsUrl: `mqtts://127.0.0.1:${tls.port}` } : {}) };
  return launch(
    {
    name: 'mosquitto',
    binary,
    args: ['-c', configFile],
    dataDir,
    port,
    url: `mqtt://127.0.0.1:${port}`,
    logFile: resolve(o.logFile ?? join(dataDir, 'mosquitto.log')),
    readyWhat: `accepting TCP connections on 127.0.0.1:${port}${tls ? ` and ${tls.port}` : ''}`,
    isReady: async () => (await canConnect(port)) && (tls === undefined || (await canConnect(tls.port))),
    readyTimeoutMs: 30_000,
    stopTimeoutMs: 10_000,
    },
    extras,
  );
}
