import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SHIPPED_MOSQUITTO_CONF, SHIPPED_MOSQUITTO_CONF_D } from './paths.js';

export interface LocalMosquittoConfig {
  dataDir: string;
  port: number;
  passwordFile: string;
  aclFile: string;
  /** Enables the shipped TLS block with ca.crt, server.crt and server.key from certsDir. */
  tls?: MosquittoTls;
}

export interface MosquittoTls {
  certsDir: string;
  port: number;
  /** Mutual TLS: clients must present a certificate signed by ca.crt (and still log in). */
  requireCertificate?: boolean;
}

/** Where the shipped docker config expects certificates; replaced by a local folder when rendering. */
const SHIPPED_CERTS_DIR = '/mosquitto/config/certs/';

/**
 * The main config for a local broker: listener, paths under dataDir and `user root`
 * (as root, Mosquitto otherwise drops to an account that cannot write the data dir).
 * Limits, persistence and authentication are not repeated here: `include_dir` loads the
 * shipped conf.d, the same files the docker compose setup loads.
 */
export function renderLocalConfig(c: LocalMosquittoConfig): string {
  for (const path of [c.dataDir, c.passwordFile, c.aclFile, c.tls?.certsDir ?? '']) {
    if (/\s/.test(path)) throw new Error(`Mosquitto config paths cannot contain spaces: ${JSON.stringify(path)}`);
  }
  return [
    '# Rendered by @sensorplus/stack for a local run; do not edit.',
    '# Shared limits, persistence and authentication: include_dir at the end.',
    'user root',
    `listener ${c.port} 127.0.0.1`,
    ...(c.tls === undefined ? [] : renderTlsBlock(c.tls)),
    `persistence_location ${join(c.dataDir, '/')}`,
    `password_file ${c.passwordFile}`,
    `acl_file ${c.aclFile}`,
    'log_dest stderr',
    'log_type error',
    'log_type warning',
    'log_type notice',
    'log_type information',
    'log_timestamp_format %Y-%m-%dT%H:%M:%S',
    `include_dir ${SHIPPED_MOSQUITTO_CONF_D}`,
    '',
  ].join('\n');
}

/**
 * The commented TLS block of the shipped mosquitto.conf, uncommented, bound to
 * 127.0.0.1:port and pointed at certsDir, so tests prove the shipped block works as written.
 */
export function renderTlsBlock(tls: MosquittoTls): string[] {
  const block = shippedTlsBlock(readFileSync(SHIPPED_MOSQUITTO_CONF, 'utf8'));
  return block.map((line) => {
    if (line.startsWith('listener ')) return `listener ${tls.port} 127.0.0.1`;
    if (line.startsWith('require_certificate ')) return `require_certificate ${tls.requireCertificate === true}`;
    return line.replace(SHIPPED_CERTS_DIR, join(tls.certsDir, '/'));
  });
}

/** The lines `#listener 8883` and the commented option lines right after it, uncommented. */
export function shippedTlsBlock(conf: string): string[] {
  const lines = conf.split('\n');
  const start = lines.findIndex((line) => /^#listener 8883\b/.test(line));
  if (start < 0) throw new Error(`No commented "#listener 8883" TLS block in ${SHIPPED_MOSQUITTO_CONF}`);
  const block: string[] = [];
  for (const line of lines.slice(start)) {
    if (!/^#[a-z]/.test(line)) break;
    block.push(line.slice(1).trim());
  }
  return block;
}
