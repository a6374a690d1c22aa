import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createHash } from 'node:crypto';
import { createConnection } from 'mysql2/promise';
import { resolveBinary } from './binaries.js';
import { withLogTail } from './log-tail.js';
import { launch, type ManagedServer } from './managed-server.js';
import { findFreePort } from './ports.js';

export interface MariadbOptions {
  dataDir: string;
  port?: number;
  /** Created if missing (utf8mb4). */
  database: string;
  /** Created (or its password reset) on every start, with all privileges on `database`. */
  user: string;
  password: string;
  /** Offer TLS with this certificate and key (plain connections stay allowed); caFile is what clients trust. */
  tls?: { certFile: string; keyFile: string; caFile: string };
}

export interface MariadbServer extends ManagedServer {
  /** Unix socket; root logs in here only (unix_socket authentication). */
  readonly socket: string;
}

/** Kept small: the stack's tables are small, and several instances may run at once. */
const INNODB_SIZES = ['--innodb-buffer-pool-size=64M', '--innodb-log-file-size=16M'];

/**
 * Starts MariaDB on 127.0.0.1 with its files under dataDir, creating the data directory
 * on first start, then the database and the user. url is mysql://USER:PASSWORD@127.0.0.1:PORT/DATABASE.
 */
export async function startMariadb(o: MariadbOptions): Promise<MariadbServer> {
  const binary = resolveBinary('mariadbd');
  const dataDir = resolve(o.dataDir);
  mkdirSync(dataDir, { recursive: true });
  await installOnce(dataDir);
  const port = await findFreePort(o.port);
  const socket = socketPath(dataDir);
  const logFile = join(dataDir, 'mariadbd.err');
  return launch(
    {
      name: 'mariadbd',
      binary,
      args: [
        '--no-defaults',
        `--datadir=${join(dataDir, 'data')}`,
        `--socket=${socket}`,
        `--port=${port}`,
        '--bind-address=127.0.0.1',
        '--user=root',
        '--skip-log-bin',
        '--skip-name-resolve',
        '--character-set-server=utf8mb4',
        '--collation-server=utf8mb4_unicode_ci',
        ...INNODB_SIZES,
        `--pid-file=${join(dataDir, 'mariadbd.pid')}`,
        `--log-error=${logFile}`,
        ...(o.tls ? [`--ssl-ca=${resolve(o.tls.caFile)}`, `--ssl-cert=${resolve(o.tls.certFile)}`, `--ssl-key=${resolve(o.tls.keyFile)}`] : []),
      ],
      dataDir,
      port,
      url: mysqlUrl(o, port),
      logFile,
      readyWhat: `answering SELECT 1 on ${socket}`,
      isReady: async () => (await asRoot(socket, ['SELECT 1']), true),
      readyTimeoutMs: 60_000,
      stopTimeoutMs: 30_000,
      afterReady: () => asRoot(socket, setupStatements(o)),
    },
    { socket },
  );
}

function mysqlUrl(o: MariadbOptions, port: number): string {
  const credentials = `${encodeURIComponent(o.user)}:${encodeURIComponent(o.password)}`;
  return `mysql://${credentials}@127.0.0.1:${port}/${encodeURIComponent(o.database)}`;
}

/** Unix socket paths are limited to 107 bytes; deep temp dirs get a short path in the OS temp dir. */
function socketPath(dataDir: string): string {
  const inDataDir = join(dataDir, 'mariadb.sock');
  if (Buffer.byteLength(inDataDir) <= 100) return inDataDir;
  const digest = createHash('sha256').update(dataDir).digest('hex').slice(0, 12);
  return join(tmpdir(), `sensorplus-mariadb-${digest}.sock`);
}

/** Idempotent: safe on every start, and a changed password takes effect. */
function setupStatements(o: MariadbOptions): Array<[string, unknown[]]> {
  const db = `\`${o.database.replaceAll('`', '``')}\``;
  const statements: Array<[string, unknown[]]> = [
    [`CREATE DATABASE IF NOT EXISTS ${db} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`, []],
  ];
  for (const host of ['%', 'localhost']) {
    statements.push(
      ['CREATE USER IF NOT EXISTS ?@? IDENTIFIED BY ?', [o.user, host, o.password]],
      ['ALTER USER ?@? IDENTIFIED BY ?', [o.user, host, o.password]],
      [`GRANT ALL PRIVILEGES ON ${db}.* TO ?@?`, [o.user, host]],
    );
  }
  return statements;
}

/** Runs statements as root over the unix socket (root has no password and no TCP login). */
async function asRoot(socket: string, statements: Array<string | [string, unknown[]]>): Promise<void> {
  const connection = await createConnection({ socketPath: socket, user: 'root', connectTimeout: 2000 });
  try {
    for (const statement of statements) {
      const [sql, values] = typeof statement === 'string' ? [statement, []] : statement;
      await connection.query(sql, values);
    }
  } finally {
    await connection.end().catch(() => undefined);
  }
}

/**
 * Creates the system tables on first start. A marker file written after success tells a
 * finished install from one that was interrupted, which is wiped and redone.
 */
async function installOnce(dataDir: string): Promise<void> {
  const marker = join(dataDir, '.installed');
  if (existsSync(marker)) return;
  const datadir = join(dataDir, 'data');
  rmSync(datadir, { recursive: true, force: true });
  const logFile = join(dataDir, 'install.log');
  const args = [
    '--no-defaults',
    `--datadir=${datadir}`,
    '--user=root',
    '--skip-test-db',
    '--auth-root-authentication-method=socket',
    ...INNODB_SIZES,
  ];
  const code = await runToLog(resolveBinary('mariadb-install-db'), args, logFile);
  if (code !== 0) throw new Error(withLogTail(`mariadb-install-db failed with exit code ${code}`, logFile));
  writeFileSync(marker, `${new Date().toISOString()}\n`);
}

function runToLog(binary: string, args: string[], logFile: string): Promise<number | null> {
  const fd = openSync(logFile, 'a');
  try {
    const child = spawn(binary, args, { stdio: ['ignore', fd, fd] });
    return new Promise((resolvePromise, reject) => {
      child.once('error', reject);
      child.once('exit', (code) => resolvePromise(code));
    });
  } finally {
    closeSync(fd);
  }
}
