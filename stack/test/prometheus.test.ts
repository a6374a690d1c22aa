import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { canConnect, findFreePort, startPrometheus, waitFor, type ManagedServer } from '../src/index.js';
import { isAlive, TestResources } from './helpers.js';

const resources = new TestResources();
afterAll(() => resources.cleanup());

/** A config where Prometheus scrapes itself, so a query has something to return. */
function selfScrapeConfig(dir: string, port: number): string {
  const file = join(dir, 'prometheus.yml');
  writeFileSync(
    file,
    `global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: self\n    static_configs:\n      - targets: ['127.0.0.1:${port}']\n`,
  );
  return file;
}

async function upValue(server: ManagedServer): Promise<string | undefined> {
  const response = await fetch(`${server.url}/api/v1/query?query=${encodeURIComponent('up{job="self"}')}`);
  const body = (await response.json()) as { data: { result: Array<{ value: [number, string] }> } };
  return body.data.result[0]?.value[1];
}

describe('startPrometheus', () => {
  it('starts ready, scrapes, restarts on the same port and stops', async () => {
    const dir = resources.tempDir('prometheus');
    const port = await findFreePort();
    const server = resources.server(
      await startPrometheus({ dataDir: join(dir, 'data'), port, configFile: selfScrapeConfig(dir, port) }),
    );
    expect(server.port).toBe(port);
    expect(server.url).toBe(`http://127.0.0.1:${port}`);
    await waitFor(async () => (await upValue(server)) === '1', { timeoutMs: 30_000, what: 'up{job="self"} == 1' });

    const reload = await fetch(`${server.url}/-/reload`, { method: 'POST' });
    expect(reload.status).toBe(200); // --web.enable-lifecycle is on

    const { pid } = server;
    await server.restart();
    expect(server.port).toBe(port);
    expect(isAlive(pid)).toBe(false);
    expect((await fetch(`${server.url}/-/ready`)).status).toBe(200);

    await server.stop();
    expect(isAlive(server.pid)).toBe(false);
    expect(await canConnect(port)).toBe(false);
  });

  it('fails with the tail of the server log when the config is invalid', async () => {
    const dir = resources.tempDir('prometheus-bad');
    const configFile = join(dir, 'broken.yml');
    writeFileSync(configFile, 'scrape_configs:\n  - job_name: [not, a, string]\n');
    const starting = startPrometheus({ dataDir: join(dir, 'data'), configFile });
    await expect(starting).rejects.toThrow(/prometheus exited \(code \d+\)[\s\S]*last lines of[\s\S]*Error loading config/);
  });
});
