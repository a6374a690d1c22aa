/**
 * The live view against the real stack, started as `npm start` starts it: Mosquitto and InfluxDB,
 * the bridge and the simulator as supervised children (restarted when they die), the page in
 * headless Chromium. Measures publish → DOM latency (recorded in bench-results/live-view.json,
 * never asserted) and, in artifacts mode (LIVE_VIEW_ARTIFACTS=1), saves the README's screenshot.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { findFreePort, SupervisedProcess, waitFor } from '@sensorplus/stack';
import { encodeReading, Publisher, referenceBuilding, topicFor } from '@sensorplus/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StackFixture } from '../support/stack-fixture.js';

const REPO = path.resolve(import.meta.dirname, '../../..');
const VIEW = path.join(REPO, 'grafana-plugin/dist-live-view/index.html');
const ARTIFACTS = process.env.LIVE_VIEW_ARTIFACTS ? REPO : path.join(REPO, 'bridge/test-results');
const TSX = createRequire(import.meta.url).resolve('tsx');
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];
const LATENCY_READINGS = 40;

let stack: StackFixture;
let bridge: SupervisedProcess;
let simulator: SupervisedProcess;
let bridgeUrl: string;
let browser: Browser;
let page: Page;
let publisher: Publisher;

const tile = (device: string) => page.locator(`[data-testid="sensorplus-device"][data-device="${device}"]`);
const tiles = () => page.locator('[data-testid="sensorplus-device"]');
const simulatorBadge = () => page.getByTestId('live-simulator');
const acceptedTotal = async () => ((await (await fetch(`${bridgeUrl}/api/devices`)).json()) as { devices: Array<{ messages: number }> }).devices.reduce((sum, d) => sum + d.messages, 0);
const temp1 = referenceBuilding().find((device) => device.deviceId === 'temp-1')!;
const metric = async (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(await (await fetch(`${bridgeUrl}/metrics`)).text())?.[1] ?? 0);
const rssBytes = (pid: number) => Number(/^VmRSS:\s+(\d+) kB$/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024;

beforeAll(async () => {
  if (!fs.existsSync(VIEW)) throw new Error('The live view is not built: run `npm run build:live-view -w grafana-plugin` (npm test does).');
  stack = await StackFixture.start('live-view');
  const [httpPort, controlPort] = [await findFreePort(), await findFreePort()];
  bridgeUrl = `http://127.0.0.1:${httpPort}`;
  bridge = new SupervisedProcess({
    name: 'bridge',
    command: process.execPath,
    args: ['--import', TSX, path.join(REPO, 'bridge/src/main.ts')],
    cwd: REPO,
    env: { PATH: process.env.PATH, ...stack.bridgeEnv({ HTTP_HOST: '127.0.0.1', HTTP_PORT: String(httpPort), SIMULATOR_CONTROL_URL: `http://127.0.0.1:${controlPort}` }) },
    logFile: path.join(stack.dir, 'bridge.log'),
    restart: true,
  });
  bridge.start();
  await waitFor(async () => (await fetch(`${bridgeUrl}/health`).catch(() => undefined))?.ok === true, { timeoutMs: 60_000, what: 'the bridge' });
  simulator = new SupervisedProcess({
    name: 'simulator',
    command: process.execPath,
    args: ['--import', TSX, path.join(REPO, 'simulator/src/cli.ts'), '--interval', '2000', '--control-port', String(controlPort)],
    cwd: REPO,
    env: { PATH: process.env.PATH, MQTT_URL: stack.mosquitto.url, SIM_MQTT_USERNAME: 'simulator', SIM_MQTT_PASSWORD: stack.accounts.simulator.password },
    logFile: path.join(stack.dir, 'simulator.log'),
    restart: true,
  });
  simulator.start();
  publisher = await Publisher.connect(stack.publisherOptions());
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${bridgeUrl}/`);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await publisher?.close();
  await simulator?.stop();
  await bridge?.stop();
  await stack?.stop();
});

describe('the live view on the real stack', () => {
  it('shows the 21 reference devices in their rooms', async () => {
    await waitFor(async () => (await tiles().count()) >= 21, { timeoutMs: 30_000, what: '21 tiles' });
    for (const room of ['room1', 'room2', 'room3', 'room4', 'room5']) {
      await expect(page.locator(`[data-room="${room}"] [data-testid="sensorplus-device"]`).count()).resolves.toBe(4);
    }
    await expect(page.locator('[data-room="Site"] [data-device="solar-plant"]').count()).resolves.toBe(1);
    await expect(page.getByTestId('live-connection').getAttribute('data-connection')).resolves.toBe('live');
  });

  it('Stop halts new readings and the page says stopped', async () => {
    await simulatorBadge().waitFor();
    await page.getByTestId('live-simulator-toggle').click();
    await waitFor(async () => (await simulatorBadge().getAttribute('data-running')) === 'false', { timeoutMs: 10_000, what: 'stopped' });
    await expect(simulatorBadge().textContent()).resolves.toBe('Simulator stopped');
    const before = await acceptedTotal();
    await new Promise((resolve) => setTimeout(resolve, 4500));
    expect(await acceptedTotal()).toBe(before);
  });

  it('shows a reading published to MQTT; publish → DOM latency recorded', async () => {
    // Every text the tile's value takes, with when it appeared (same clock as the publisher's).
    await page.evaluate(() => {
      const seen: Record<string, number> = {};
      Object.assign(window, { seenValues: seen });
      new MutationObserver(() => {
        const text = document.querySelector('[data-device="temp-1"] [data-testid="sensorplus-device-value"]')?.textContent ?? '';
        seen[text] ??= Date.now();
      }).observe(document.getElementById('root')!, { subtree: true, childList: true, characterData: true });
    });
    const published: Array<{ text: string; at: number }> = [];
    for (let i = 0; i < LATENCY_READINGS; i++) {
      const value = 10.5 + i;
      const at = Date.now();
      const message = encodeReading(temp1, { kind: 'temperature', value }, at);
      await publisher.publish(message.topic, message.payload);
      published.push({ text: `${value} °C`, at });
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    const last = published[published.length - 1]!.text;
    await tile('temp-1').getByText(last).waitFor({ timeout: 10_000 });
    const seen = (await page.evaluate(() => (window as unknown as { seenValues: Record<string, number> }).seenValues)) as Record<string, number>;
    const latencies = published.filter((p) => seen[p.text] !== undefined).map((p) => seen[p.text]! - p.at);
    expect(latencies.length).toBeGreaterThan(LATENCY_READINGS / 2);
    writeLatencyReport(latencies);
  });

  it('Start resumes publishing', async () => {
    const before = await acceptedTotal();
    await page.getByTestId('live-simulator-toggle').click();
    await waitFor(async () => (await simulatorBadge().getAttribute('data-running')) === 'true', { timeoutMs: 10_000, what: 'running' });
    await waitFor(async () => (await acceptedTotal()) > before + 21, { timeoutMs: 15_000, what: 'new readings' });
  });

  it('reconnects after the bridge is killed and restarted, and catches up by itself', async () => {
    process.kill(bridge.pid!, 'SIGKILL');
    await waitFor(async () => (await page.getByTestId('live-connection').getAttribute('data-connection')) !== 'live', { timeoutMs: 10_000, what: 'the page noticing' });
    await waitFor(async () => (await page.getByTestId('live-connection').getAttribute('data-connection')) === 'live', { timeoutMs: 60_000, what: 'the page reconnected' });
    const message = encodeReading(temp1, { kind: 'temperature', value: 77.5 }, Date.now());
    await publisher.publish(message.topic, message.payload);
    await tile('temp-1').getByText('77.5 °C').waitFor({ timeout: 15_000 });
    await waitFor(async () => (await tiles().count()) >= 21, { timeoutMs: 30_000, what: '21 tiles again' });
    if (process.env.LIVE_VIEW_ARTIFACTS) {
      await new Promise((resolve) => setTimeout(resolve, 2500));
      await page.screenshot({ path: path.join(ARTIFACTS, 'docs/live-view.png') });
    }
  });

  it('shows a device offline as soon as its status says so, and online again with its next reading', async () => {
    const telemetry = (power: number) => Buffer.from(JSON.stringify({ power_w: power, ts: Date.now() }));
    await publisher.publish('solar-tracker/tracker-9/telemetry', telemetry(12.5));
    await waitFor(async () => (await tile('tracker-9').getAttribute('data-status').catch(() => null)) === 'ok', { timeoutMs: 15_000, what: 'tracker-9 online' });
    await publisher.publish('solar-tracker/tracker-9/status', Buffer.from(JSON.stringify({ status: 'offline', firmware: '1.4.2' })));
    await waitFor(async () => (await tile('tracker-9').getAttribute('data-status')) === 'offline', { timeoutMs: 15_000, what: 'tracker-9 offline' });
    await publisher.publish('solar-tracker/tracker-9/telemetry', telemetry(13));
    await waitFor(async () => (await tile('tracker-9').getAttribute('data-status')) === 'ok', { timeoutMs: 15_000, what: 'tracker-9 back online' });
  });

  // Last: it adds a few hundred devices to the page.
  it('drops a stream client that never reads, without growing the bridge, and counts it', async () => {
    const droppedBefore = await metric('sensorplus_stream_clients_dropped_total');
    const rssBefore = rssBytes(bridge.pid!);
    const port = Number(new URL(bridgeUrl).port);
    const silent = net.connect({ host: '127.0.0.1', port }, () => silent.write(`GET /api/stream HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`));
    silent.pause();
    // A few hundred devices changing every frame fill the socket buffers, then the hub's bound.
    const load = Array.from({ length: 400 }, (_, i) => ({ ...temp1, deviceId: `load-${i}`, topic: topicFor(temp1.site, 'temperature', `load-${i}`) }));
    let round = 0;
    await waitFor(
      async () => {
        round++;
        await Promise.all(load.map((device) => encodeReading(device, { kind: 'temperature', value: 20 + (round % 10) }, Date.now())).map((m) => publisher.publish(m.topic, m.payload)));
        return (await metric('sensorplus_stream_clients_dropped_total')) > droppedBefore;
      },
      { timeoutMs: 90_000, what: 'the silent client dropped' },
    );
    silent.destroy();
    expect(rssBytes(bridge.pid!) - rssBefore).toBeLessThan(150 * 1024 * 1024);
    await waitFor(async () => (await metric('sensorplus_stream_clients')) === 1, { timeoutMs: 10_000, what: 'only the page connected' });
    await expect(page.getByTestId('live-connection').getAttribute('data-connection')).resolves.toBe('live');
  }, 120_000);
});

function writeLatencyReport(latencies: number[]): void {
  const sorted = [...latencies].sort((a, b) => a - b);
  const percentile = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
  const report = {
    measuredAt: new Date().toISOString(),
    cpus: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown'}`,
    readings: latencies.length,
    note: 'One temperature reading every 150 ms published to Mosquitto (QoS 1) until its value text is in the live view\'s DOM: MQTT → bridge pipeline → registry → stream (coalesced per 100 ms frame) → EventSource → one render per animation frame. Same clock on both ends.',
    publishToDomMs: { p50: percentile(50), p99: percentile(99), max: sorted[sorted.length - 1], samples: latencies },
  };
  fs.mkdirSync(path.join(ARTIFACTS, 'bench-results'), { recursive: true });
  fs.writeFileSync(path.join(ARTIFACTS, 'bench-results/live-view.json'), `${JSON.stringify(report, null, 2)}\n`);
  console.log(`publish → DOM latency over ${latencies.length} readings: p50 ${report.publishToDomMs.p50} ms, p99 ${report.publishToDomMs.p99} ms`);
}
