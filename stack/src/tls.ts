import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { resolveBinary } from './binaries.js';

/** The PEM files of a local certificate authority, by role; the names are those the shipped Mosquitto TLS block expects. */
export interface LocalCertificates {
  readonly dir: string;
  /** The CA certificate every client trusts (MQTT_CA_FILE, INFLUX_CA_FILE, MYSQL_CA_FILE). */
  readonly caFile: string;
  /** Server certificate and key, valid for localhost and 127.0.0.1. */
  readonly serverCertFile: string;
  readonly serverKeyFile: string;
  /** Client certificate and key, for brokers that require one (mutual TLS). */
  readonly clientCertFile: string;
  readonly clientKeyFile: string;
}

const VALID_DAYS = 825;
/** Certificates that expire within this many seconds are made again. */
const RENEW_BEFORE_SECONDS = 7 * 24 * 3600;
/** Written last: a run interrupted half way leaves no marker, and the next one starts over. */
const COMPLETE_MARKER = '.complete';
const KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

/**
 * A local CA with a server and a client certificate in `dir`, made with the `openssl` binary on
 * first use and kept afterwards (made again when incomplete or about to expire). Keys are mode 0600.
 * For a local run and tests: a deployment brings certificates from its own CA.
 */
export function ensureLocalCertificates(dir: string, clientName = 'sensorplus-bridge'): LocalCertificates {
  const files = certificateFiles(resolve(dir));
  if (!(existsSync(join(files.dir, COMPLETE_MARKER)) && stillValid(files))) makeCertificates(files, clientName);
  return files;
}

function certificateFiles(dir: string): LocalCertificates {
  return {
    dir,
    caFile: join(dir, 'ca.crt'),
    serverCertFile: join(dir, 'server.crt'),
    serverKeyFile: join(dir, 'server.key'),
    clientCertFile: join(dir, 'client.crt'),
    clientKeyFile: join(dir, 'client.key'),
  };
}

function openssl(dir: string, args: string[]): void {
  execFileSync(resolveBinary('openssl'), args, { cwd: dir, stdio: 'pipe' });
}

function stillValid(files: LocalCertificates): boolean {
  try {
    for (const file of [files.caFile, files.serverCertFile, files.clientCertFile]) {
      openssl(files.dir, ['x509', '-checkend', String(RENEW_BEFORE_SECONDS), '-noout', '-in', file]);
    }
    return true;
  } catch {
    return false;
  }
}

function makeCertificates(files: LocalCertificates, clientName: string): void {
  const { dir } = files;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const days = String(VALID_DAYS);
  openssl(dir, [
    'req', '-x509', ...KEY, '-days', days, '-keyout', 'ca.key', '-out', 'ca.crt', '-subj', '/CN=SensorPlus local CA',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  const sign = (name: string, subject: string, extensions: string[]): void => {
    openssl(dir, ['req', ...KEY, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${subject}`]);
    writeFileSync(join(dir, `${name}.ext`), `${['basicConstraints=CA:FALSE', ...extensions].join('\n')}\n`);
    openssl(dir, [
      'x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial',
      '-days', days, '-out', `${name}.crt`, '-extfile', `${name}.ext`,
    ]);
    rmSync(join(dir, `${name}.csr`));
    rmSync(join(dir, `${name}.ext`));
  };
  sign('server', 'localhost', ['subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1', 'extendedKeyUsage=serverAuth']);
  sign('client', clientName, ['extendedKeyUsage=clientAuth']);
  writeFileSync(join(dir, COMPLETE_MARKER), `${new Date().toISOString()}\n`);
}
