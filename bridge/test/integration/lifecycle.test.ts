import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StackFixture, eventually } from '../support/stack-fixture.js';

const BRIDGE_DIR = path.resolve(import.meta.dirname, '../..');
const TSX = createRequire(import.meta.url).resolve('tsx');

describe('bridge lifecycle', () => {
  let stack: StackFixture;
  beforeAll(async () => {
    stack = await StackFixture.start('lifecycle');
  }, 60_000);
  afterAll(async () => stack?.stop());

  it('refuses a bad configuration with one clear line per problem and exit code 2, no stack trace', () => {
    const result = spawnSync(process.execPath, ['--import', TSX, 'src/main.ts'], {
      cwd: BRIDGE_DIR,
      env: { PATH: process.env.PATH, HTTP_PORT: 'eighty', MQTT_URL: 'localhost', MQTT_PASSWORD: 'sup3r-secret-value' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('HTTP_PORT');
    expect(result.stderr).toContain('MQTT_URL has an invalid format');
    expect(result.stderr).not.toMatch(/\bat .*\.ts:\d+/);
    expect(result.stderr).not.toContain('sup3r-secret-value');
  });

  it('reports not ready without a broker, becomes ready with one, and exits 0 on SIGTERM', async () => {
    await stack.mosquitto.stop();
    const bridge = await stack.startBridge();
    const notReady = await bridge.json<{ ready: boolean; checks: { mqtt: { ok: boolean } } }>('/ready');
    expect(notReady.ready).toBe(false);
    expect(notReady.checks.mqtt.ok).toBe(false);
    await (stack.mosquitto as unknown as { start(): Promise<void> }).start();
    const status = await eventually(() => bridge.fetch('/ready').then((r) => r.status), (s) => s === 200, { timeoutMs: 60_000 });
    expect(status).toBe(200);
    expect(await bridge.stop()).toBe(0);
  }, 120_000);
});
