/**
 * The built plugin in headless Chromium: a page provides React and @grafana/* as AMD externals,
 * loads dist/module.js, mounts its panel with real DataFrames and is checked through the DOM,
 * computed styles and the location service. Also saves the README's screenshot and measures
 * the render time for 2,000 devices (reported, never asserted).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { RUNTIME_MODULES } from '../../.config/bundler/externals.js';
import { TEST_IDS } from '../../src/testIds.js';
import { buildHarness } from './buildHarness.js';
import type { MountRequest, Timing } from './harness/entry.js';
import { serveStatic, type StaticServer } from './staticServer.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
/**
 * Where screenshots and render timings go: test-results/ (git-ignored) on a plain test run, so tests
 * never rewrite tracked files; `npm run artifacts` points it at the plugin folder to refresh the
 * README's screenshots and bench-results/panel-render.json.
 */
const ARTIFACTS = process.env.PANEL_ARTIFACTS_ROOT ?? path.join(ROOT, 'test-results');
const OUT = path.join(ROOT, 'test-results/browser');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];

const DEVICE_URL = '/d/sensorplus-device/device';
/** Devices changed by one streamed update batch in the render benchmark. */
const UPDATE_BATCH = 100;
const ROOM_URL = '/d/sensorplus-room/room';

let browser: Browser;
let page: Page;
let server: StaticServer;
let loaded: { requested: string[]; hasPanel: boolean };

const rgb = (hex: string) => {
  const value = parseInt(hex.slice(1), 16);
  return `rgb(${(value >> 16) & 255}, ${(value >> 8) & 255}, ${value & 255})`;
};
/** A named colour of Grafana's theme (computed by @grafana/data in the page), as CSS reports it. */
const themeColor = async (name: string, mode: 'dark' | 'light' = 'dark') =>
  rgb(await page.evaluate(([n, m]) => window.harness.color(n, m), [name, mode] as const));
const tile = (device: string) => page.locator(`[data-testid="${TEST_IDS.device}"][data-device="${device}"]`);
const room = (title: string) => page.locator(`[data-testid="${TEST_IDS.room}"][data-room="${title}"]`);
const mount = (request: MountRequest) => page.evaluate((r) => window.harness.mount(r), request);

declare global {
  interface Window {
    harness: {
      load: (url: string) => Promise<{ requested: string[]; hasPanel: boolean }>;
      mount: (request: MountRequest) => Promise<Timing>;
      refresh: (request: MountRequest) => Promise<Timing>;
      update: (count: number) => Promise<Timing>;
      unmount: () => void;
      location: () => { pathname: string; search: string };
      resetLocation: () => void;
      migrate: (options: unknown) => unknown;
      color: (name: string, mode: 'dark' | 'light') => string;
    };
  }
}

beforeAll(async () => {
  if (!fs.existsSync(path.join(ROOT, 'dist/module.js'))) {
    throw new Error('dist/module.js is missing: run `npm run build` first');
  }
  fs.mkdirSync(OUT, { recursive: true });
  await buildHarness(ROOT, OUT);
  fs.copyFileSync(path.join(ROOT, 'tests/browser/harness/index.html'), path.join(OUT, 'index.html'));
  server = await serveStatic({
    '/': OUT,
    '/dist': path.join(ROOT, 'dist'),
    '/public/build/img/icons': path.join(ROOT, '../node_modules/@grafana/ui/dist/public/img/icons'),
    '/fixtures': path.join(ROOT, 'tests/fixtures'),
  });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  page = await browser.newPage({ viewport: { width: 1200, height: 720 } });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${server.url}/index.html`);
  loaded = await page.evaluate(() => window.harness.load('/dist/module.js'));
  expect(errors).toEqual([]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the built panel in Chromium', () => {
  it('loads dist/module.js, asking only for modules Grafana provides', () => {
    expect(loaded.hasPanel).toBe(true);
    expect(loaded.requested).toContain('react');
    expect(loaded.requested).toContain('@grafana/data');
    for (const name of loaded.requested) {
      expect(RUNTIME_MODULES).toContain(name);
    }
  });

  it('shows the rooms and devices of the reference building', async () => {
    const timing = await mount({ scenario: 'reference', height: 560, options: { deviceUrl: DEVICE_URL, roomUrl: ROOM_URL } });
    expect(timing).toMatchObject({ rooms: 6, devices: 21 });
    const titles = await page.locator(`[data-testid="${TEST_IDS.room}"]`).evaluateAll((rooms) => rooms.map((r) => (r as HTMLElement).dataset.room));
    expect(titles).toEqual(['room1', 'room2', 'room3', 'room4', 'room5', 'Site']);
    await expect(room('room1').locator(`[data-testid="${TEST_IDS.device}"]`).count()).resolves.toBe(4);
    await expect(room('Site').locator(`[data-testid="${TEST_IDS.device}"]`).getAttribute('data-device')).resolves.toBe('solar-plant');
    await expect(tile('solar-plant').locator(`[data-testid="${TEST_IDS.deviceValue}"]`).textContent()).resolves.toBe('3.25 kW');
  });

  it("draws each tile's kind icon from Grafana's icon set", async () => {
    // The tile's <use> points at the panel's hidden @grafana/ui Icon, which Grafana's public path serves.
    await page.waitForFunction(() => document.querySelectorAll('#panel svg[id] path').length >= 5);
    const drawn = await tile('temp-1').locator('svg[data-icon] use').evaluate((use) => {
      const target = document.getElementById((use.getAttribute('href') ?? '').slice(1));
      return { tag: target?.tagName, paths: target?.querySelectorAll('path').length ?? 0, icon: use.parentElement?.dataset.icon };
    });
    expect(drawn).toEqual({ tag: 'svg', paths: expect.any(Number), icon: 'fire' });
    expect(drawn.paths).toBeGreaterThan(0);
  });

  it('paints threshold colours from the theme on values and rooms', async () => {
    const color = (device: string) => tile(device).locator(`[data-testid="${TEST_IDS.deviceValue}"]`).evaluate((el) => getComputedStyle(el).color);
    await expect(color('co2-3')).resolves.toBe(await themeColor('red'));
    await expect(color('temp-2')).resolves.toBe(await themeColor('orange'));
    await expect(color('co2-1')).resolves.toBe(await themeColor('green'));
    await expect(room('room3').evaluate((el) => getComputedStyle(el).borderTopColor)).resolves.toBe(await themeColor('red'));
    await expect(room('room3').locator(`[data-testid="${TEST_IDS.roomSummary}"]`).textContent()).resolves.toBe('co2-3 1520 ppm');
  });

  it('marks the silent device offline, greyed, and the late one stale', async () => {
    await expect(tile('hum-4').getAttribute('data-status')).resolves.toBe('offline');
    await expect(tile('hum-4').locator(`[data-testid="${TEST_IDS.deviceStatus}"]`).textContent()).resolves.toBe('Offline');
    await expect(tile('hum-4').evaluate((el) => Number(getComputedStyle(el).opacity))).resolves.toBeLessThan(1);
    await expect(tile('hum-4').getAttribute('aria-label')).resolves.toBe('hum-4, Humidity, 48%, Offline, last seen 10 min ago');
    await expect(tile('light-5').getAttribute('data-status')).resolves.toBe('stale');
    await expect(room('room4').locator(`[data-testid="${TEST_IDS.roomSummary}"]`).textContent()).resolves.toBe('1 offline');
  });

  it('shows when a device was last seen in a tooltip', async () => {
    await tile('hum-4').hover();
    const tooltip = page.locator(`[data-testid="${TEST_IDS.tooltip}"]`);
    await tooltip.waitFor();
    await expect(tooltip.textContent()).resolves.toContain('Last seen');
    await expect(tooltip.textContent()).resolves.toContain('10 min ago');
    await page.mouse.move(0, 0);
  });

  it('saves the screenshot the README shows (dark and light)', async () => {
    await page.locator('#panel').screenshot({ path: path.join(ARTIFACTS, 'docs/screenshot.png') });
    await mount({ scenario: 'reference', theme: 'light', height: 560, options: { deviceUrl: DEVICE_URL } });
    const color = await tile('co2-3').locator(`[data-testid="${TEST_IDS.deviceValue}"]`).evaluate((el) => getComputedStyle(el).color);
    expect(color).toBe(await themeColor('red', 'light'));
    await page.waitForFunction(() => document.querySelectorAll('#panel svg[id] path').length >= 5);
    await page.locator('#panel').screenshot({ path: path.join(ARTIFACTS, 'docs/screenshot-light.png') });
    expect(fs.statSync(path.join(ARTIFACTS, 'docs/screenshot.png')).size).toBeGreaterThan(10_000);
  });

  it('opens the device dashboard with var-device and var-room on click', async () => {
    await mount({ scenario: 'reference', options: { deviceUrl: DEVICE_URL, roomUrl: ROOM_URL } });
    await page.evaluate(() => window.harness.resetLocation());
    await tile('co2-3').click();
    const location = await page.evaluate(() => window.harness.location());
    expect(location.pathname).toBe(DEVICE_URL);
    expect(new URLSearchParams(location.search).get('var-device')).toBe('co2-3');
    expect(new URLSearchParams(location.search).get('var-room')).toBe('room3');
  });

  it('opens dashboards from the keyboard: Enter on a tile, Space on a room title', async () => {
    await page.evaluate(() => window.harness.resetLocation());
    await tile('temp-1').focus();
    await page.keyboard.press('Enter');
    await expect(page.evaluate(() => window.harness.location().search)).resolves.toContain('var-device=temp-1');
    await page.getByRole('button', { name: 'Open the dashboard of room2' }).focus();
    await page.keyboard.press('Space');
    const location = await page.evaluate(() => window.harness.location());
    expect(location.pathname).toBe(ROOM_URL);
    expect(new URLSearchParams(location.search).get('var-room')).toBe('room2');
  });

  it('follows a data link when the field has one', async () => {
    await mount({
      scenario: 'reference-sql',
      fieldConfig: { defaults: { links: [{ title: 'History', url: '/d/history?var-device=${__field.name}' }] }, overrides: [] },
    });
    await page.evaluate(() => window.harness.resetLocation());
    await tile('light-2').click();
    await expect(page.evaluate(() => window.harness.location().pathname)).resolves.toBe('/d/history');
  });

  it('pins rooms on the floor plan where the options place them', async () => {
    const rooms = [
      { room: 'room1', x: 0, y: 0, width: 30, height: 50 },
      { room: 'room2', x: 30, y: 0, width: 30, height: 50 },
      { room: 'room3', x: 60, y: 0, width: 15, height: 50 },
      { room: 'room4', x: 0, y: 50, width: 45, height: 50 },
      { room: 'room5', x: 45, y: 50, width: 30, height: 50 },
      { room: 'Site', x: 77, y: 53, width: 21.5, height: 43 },
    ];
    await mount({
      scenario: 'reference',
      height: 620,
      options: { layout: 'floorplan', tileMinWidth: 120, floorPlan: { imageUrl: '/fixtures/floorplan.svg', rooms } },
    });
    const plan = (await page.getByTestId(TEST_IDS.floorPlan).boundingBox())!;
    const box = (await room('room4').boundingBox())!;
    // Each room sits in its slot: a 4 px gutter inside x 0–45 %, y 50–100 % of the plan.
    expect(Math.abs(box.x - (plan.x + 4))).toBeLessThan(3);
    expect(Math.abs(box.y - (plan.y + plan.height * 0.5 + 4))).toBeLessThan(3);
    expect(Math.abs(box.width - (plan.width * 0.45 - 8))).toBeLessThan(3);
    await expect(page.getByTestId(TEST_IDS.unplaced).count()).resolves.toBe(0);
    await expect(page.getByTestId(TEST_IDS.floorPlan).evaluate((el) => getComputedStyle(el).backgroundImage)).resolves.toContain('/fixtures/floorplan.svg');
    await page.waitForFunction(() => document.querySelectorAll('#panel svg[id] path').length >= 5);
    await page.locator('#panel').screenshot({ path: path.join(ARTIFACTS, 'docs/screenshot-floorplan.png') });
  });

  it('migrates saved options through the bundled handler', async () => {
    const migrated = (await page.evaluate(() => window.harness.migrate({ staleAfter: '30', layout: 'nope' }))) as Record<string, unknown>;
    expect(migrated).toMatchObject({ staleAfter: 30, layout: 'grid', deviceKey: 'device' });
  });

  it('draws in full the rooms on screen, the others as light tiles, and fills rooms in as they scroll into view', async () => {
    await mount({ scenario: 'large', width: 1184, height: 700 });
    const titles = await page.locator(`[data-testid="${TEST_IDS.room}"]`).evaluateAll((rooms) => rooms.map((r) => (r as HTMLElement).dataset.room!));
    const [first, last] = [titles[0]!, titles[titles.length - 1]!];
    const drawn = (title: string) => room(title).locator(`[data-testid="${TEST_IDS.deviceValue}"]`).count();
    await expect(page.locator('[data-device-key]').count()).resolves.toBe(2000);
    await expect(drawn(first)).resolves.toBe(20);
    await expect(room(first).locator(`[data-testid="${TEST_IDS.deviceTrend}"] path`).count()).resolves.toBe(40);
    await expect(drawn(last)).resolves.toBe(0);
    await expect(room(last).locator(`[data-testid="${TEST_IDS.device}"][role][aria-label][data-status]`).count()).resolves.toBe(20);
    await page.getByTestId(TEST_IDS.panel).evaluate((panel) => panel.scrollTo(0, panel.scrollHeight));
    await page.waitForFunction(
      ([testId, title]) => document.querySelectorAll(`[data-room="${title}"] [data-testid="${testId}"]`).length === 20,
      [TEST_IDS.deviceValue, last] as const
    );
    // Far above the screen now: light again.
    await page.waitForFunction(([testId, title]) => document.querySelectorAll(`[data-room="${title}"] [data-testid="${testId}"]`).length === 0, [
      TEST_IDS.deviceValue,
      first,
    ] as const);
  });

  it('renders 2,000 devices in 100 rooms and applies streamed updates (timed, not asserted)', async () => {
    const request: MountRequest = { scenario: 'large', width: 1184, height: 700 };
    const samples = { mount: [] as Timing[], mountNoSparkline: [] as Timing[], refresh: [] as Timing[], update: [] as Timing[] };
    await mount(request); // warm-up: JIT and style caches
    for (let run = 0; run < 5; run++) {
      samples.mount.push(await mount(request));
      samples.refresh.push(await page.evaluate((r) => window.harness.refresh(r), request));
      for (let batch = 0; batch < 4; batch++) {
        samples.update.push(await page.evaluate((count) => window.harness.update(count), UPDATE_BATCH));
      }
      samples.mountNoSparkline.push(await mount({ ...request, options: { showSparkline: false } }));
    }
    expect(samples.mount[0]).toMatchObject({ devices: 2000, rooms: 100 });
    await expect(page.locator(`[data-testid="${TEST_IDS.device}"][data-status="offline"]`).count()).resolves.toBeGreaterThan(10);
    const report = {
      measuredAt: new Date().toISOString(),
      chromium: browser.version(),
      cpus: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown'}`,
      devices: 2000,
      rooms: 100,
      pointsPerDevice: 30,
      note: 'Median of 5 runs after a warm-up (20 for updateBatch). render = the panel turning frames into rooms + React render and commit + style and layout; frame = until the next frame is painted. Grafana\'s own processing (field overrides) happens before and is not counted.',
      mountWithSparklines: summary(samples.mount),
      mountWithoutSparklines: summary(samples.mountNoSparkline),
      refreshWithSparklines: summary(samples.refresh),
      updateBatch: { devicesPerBatch: UPDATE_BATCH, note: 'One more row for that many devices spread over the building (a streamed batch); the rest of the data unchanged.', ...summary(samples.update) },
    };
    fs.mkdirSync(path.join(ARTIFACTS, 'bench-results'), { recursive: true });
    fs.writeFileSync(path.join(ARTIFACTS, 'bench-results/panel-render.json'), `${JSON.stringify(report, null, 2)}\n`);
    console.log(
      `2,000 devices in 100 rooms, Chromium ${report.chromium}: first render ${report.mountWithSparklines.renderMs} ms ` +
        `(${report.mountWithSparklines.frameMs} ms to the next frame), without sparklines ${report.mountWithoutSparklines.renderMs} ms, ` +
        `refresh ${report.refreshWithSparklines.renderMs} ms, update batch of ${UPDATE_BATCH} devices ${report.updateBatch.renderMs} ms`
    );
  }, 180_000);
});

function summary(timings: Timing[]) {
  const median = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    return Math.round(sorted[Math.floor(sorted.length / 2)]!);
  };
  return {
    renderMs: median(timings.map((t) => t.renderMs)),
    frameMs: median(timings.map((t) => t.frameMs)),
    samplesRenderMs: timings.map((t) => Math.round(t.renderMs)),
  };
}
