import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { afterAll, describe, expect, it } from 'vitest';
import { canConnect, startMariadb } from '../src/index.js';
import { isAlive, TestResources, testPassword } from './helpers.js';

const resources = new TestResources();
afterAll(() => resources.cleanup());

async function connectTo(url: string) {
  const connection = await createConnection({ uri: url, connectTimeout: 5000 });
  resources.onCleanup(() => connection.end().catch(() => undefined));
  return connection;
}

async function rowsOf(url: string, sql: string): Promise<unknown[]> {
  const connection = await connectTo(url);
  try {
    const [rows] = await connection.query(sql);
    return rows as unknown[];
  } finally {
    await connection.end();
  }
}

describe('startMariadb', () => {
  it('creates the database and user, keeps data across restarts and crashes', async () => {
    const dataDir = resources.tempDir('mariadb');
    const password = testPassword();
    const server = resources.server(await startMariadb({ dataDir, database: 'archive', user: 'bridge', password }));
    expect(server.url).toBe(`mysql://bridge:${password}@127.0.0.1:${server.port}/archive`);

    const connection = await connectTo(server.url);
    await connection.query('CREATE TABLE readings (id INT PRIMARY KEY, unit VARCHAR(8))');
    await connection.query("INSERT INTO readings VALUES (1, '°C')");
    await connection.end();

    const { port, pid } = server;
    await server.restart();
    expect(server.port).toBe(port);
    expect(isAlive(pid)).toBe(false);
    expect(await rowsOf(server.url, 'SELECT id, unit FROM readings')).toEqual([{ id: 1, unit: '°C' }]);

    await rowsOf(server.url, "INSERT INTO readings VALUES (2, 'ppm')");
    server.kill();
    await server.restart();
    expect(await rowsOf(server.url, 'SELECT id FROM readings ORDER BY id')).toEqual([{ id: 1 }, { id: 2 }]);
  });

  it('installs the data directory once and applies a changed password on the next start', async () => {
    const dataDir = resources.tempDir('mariadb-again');
    const options = { dataDir, database: 'archive', user: 'bridge', password: testPassword() };
    const first = resources.server(await startMariadb(options));
    await rowsOf(first.url, 'CREATE TABLE kept (id INT)');
    await first.stop();

    const newPassword = testPassword();
    const second = resources.server(await startMariadb({ ...options, password: newPassword }));
    expect(await rowsOf(second.url, "SHOW TABLES LIKE 'kept'")).toHaveLength(1);
    const oldUrl = second.url.replace(newPassword, options.password);
    await expect(rowsOf(oldUrl, 'SELECT 1')).rejects.toThrow(/Access denied/);
    const installs = readFileSync(join(dataDir, 'install.log'), 'utf8').match(/Installing MariaDB\/MySQL system tables/g);
    expect(installs).toHaveLength(1);
  });

  it('lets root in by unix socket only, not over TCP', async () => {
    const server = resources.server(
      await startMariadb({ dataDir: resources.tempDir('mariadb-root'), database: 'd', user: 'u', password: 'p' }),
    );
    const root = await createConnection({ socketPath: server.socket, user: 'root' });
    const [rows] = await root.query('SELECT CURRENT_USER() AS who');
    await root.end();
    expect(rows).toEqual([{ who: 'root@localhost' }]);
    await expect(rowsOf(`mysql://root@127.0.0.1:${server.port}/d`, 'SELECT 1')).rejects.toThrow(/Access denied/);

    const { pid, port } = server;
    await server.stop();
    expect(isAlive(pid)).toBe(false);
    expect(await canConnect(port)).toBe(false);
  });
});
