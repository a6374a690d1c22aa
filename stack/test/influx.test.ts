import { afterAll, describe, expect, it } from 'vitest';
import { canConnect, startInflux, type InfluxServer } from '../src/index.js';
import { isAlive, TestResources } from './helpers.js';

const resources = new TestResources();
afterAll(() => resources.cleanup());

async function query(server: InfluxServer, q: string): Promise<unknown> {
  const response = await fetch(`${server.url}/query?db=stacktest&q=${encodeURIComponent(q)}`, { method: 'POST' });
  expect(response.status).toBe(200);
  return response.json();
}

async function write(server: InfluxServer, line: string): Promise<void> {
  const response = await fetch(`${server.url}/write?db=stacktest&precision=ms`, { method: 'POST', body: line });
  expect(response.status).toBe(204);
}

async function readValues(server: InfluxServer): Promise<unknown[]> {
  const result = (await query(server, 'SELECT value FROM temperature')) as {
    results: Array<{ series?: Array<{ values: unknown[][] }> }>;
  };
  return result.results[0]?.series?.[0]?.values.map((row) => row[1]) ?? [];
}

describe('startInflux', () => {
  it('runs two instances at once without colliding, each with its own data', async () => {
    const [a, b] = await Promise.all([
      startInflux({ dataDir: resources.tempDir('influx-a') }).then((s) => resources.server(s)),
      startInflux({ dataDir: resources.tempDir('influx-b') }).then((s) => resources.server(s)),
    ]);
    expect(a.port).not.toBe(b.port);
    expect(a.rpcPort).not.toBe(b.rpcPort);
    expect([a.rpcPort, b.rpcPort]).not.toContain(8088);
    expect(a.url).toBe(`http://127.0.0.1:${a.port}`);

    const ping = await fetch(`${a.url}/ping`);
    expect(ping.status).toBe(204);
    expect(ping.headers.get('x-influxdb-version')).toMatch(/^1\./);

    await query(a, 'CREATE DATABASE stacktest');
    await query(b, 'CREATE DATABASE stacktest');
    await write(a, 'temperature,device=temp-1 value=21.5 1640995200000');
    expect(await readValues(a)).toEqual([21.5]);
    expect(await readValues(b)).toEqual([]);
  });

  it('restarts on the same port with the same data, also after a crash', async () => {
    const server = resources.server(await startInflux({ dataDir: resources.tempDir('influx-restart') }));
    await query(server, 'CREATE DATABASE stacktest');
    await write(server, 'temperature,device=temp-1 value=1 1640995200000');
    const { port, pid } = server;

    await server.restart();
    expect(server.port).toBe(port);
    expect(server.pid).not.toBe(pid);
    expect(isAlive(pid)).toBe(false);
    expect(await readValues(server)).toEqual([1]);

    await write(server, 'temperature,device=temp-1 value=2 1640995260000');
    server.kill(); // SIGKILL: the point is only in the WAL
    await server.restart();
    expect(await readValues(server)).toEqual([1, 2]);
  });

  it('stop() ends the process and frees the port', async () => {
    const server = resources.server(await startInflux({ dataDir: resources.tempDir('influx-stop') }));
    const { pid, port } = server;
    await server.stop();
    expect(isAlive(pid)).toBe(false);
    expect(await canConnect(port)).toBe(false);
    await server.stop(); // a second stop is harmless
  });
});
