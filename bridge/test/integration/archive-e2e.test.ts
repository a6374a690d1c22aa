import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { startMariadb, type MariadbServer } from '@sensorplus/stack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WindowView } from '../../src/archive/present.js';
import { goodMessages, Publisher } from '@sensorplus/simulator';
import { expectedWindows, expectSameWindows, type StoredWindow } from '../archive/support/expected.js';
import { pointOf } from '../archive/support/points.js';
import type { BridgeProcess } from '../support/bridge-process.js';
import { StackFixture, eventually } from '../support/stack-fixture.js';

/**
 * The whole path through the real bridge process: readings published over MQTT reach InfluxDB,
 * the bridge's own archive job rolls them up into MariaDB, and GET /api/archive (JSON and CSV)
 * serves windows equal to what the test computes from the readings it published.
 */

const WINDOW_MS = 300_000;
const MAX_GAP_MS = 900_000;
/** room1's four sensors and the solar plant: every kind, one of them with three fields. */
const DEVICE_IDS = ['temp-1', 'hum-1', 'co2-1', 'light-1', 'solar-plant'];
/** Not a divisor of 5 min, so readings sit at varied offsets within their windows. */
const STEP_MS = 37_000;
const WINDOWS = 3;

interface ArchiveAnswer {
  count: number;
  windows: WindowView[];
}

interface ReadyReport {
  ready: boolean;
  checks: Record<string, { ok: boolean; detail?: string }>;
}

const ms = (iso: string | null) => (iso === null ? null : new Date(iso));

/** A window as the API shows it, in the shape the archive tests' comparison takes. */
function fromView(w: WindowView): StoredWindow {
  return {
    site: w.site, kind: w.kind, device: w.device, field: w.field, window_start: new Date(w.start), room: w.room,
    sample_count: w.count, value_min: w.min, value_max: w.max, value_mean: w.mean, value_first: w.first, value_last: w.last,
    first_at: ms(w.firstAt), last_at: ms(w.lastAt), energy_wh: w.energyWh, counter_increase: w.increase, is_final: w.final ? 1 : 0,
  };
}

/** The API's CSV (no quoted cells: identifiers hold no commas) in the same shape. */
function fromCsv(text: string): StoredWindow[] {
  const [header, ...lines] = text.trimEnd().split('\r\n');
  const columns = header!.split(',');
  return lines.map((line) => {
    const cells = Object.fromEntries(line.split(',').map((cell, i) => [columns[i]!, cell]));
    const text = (name: string) => (cells[name] === '' ? null : cells[name]!);
    const num = (name: string) => (cells[name] === '' ? null : Number(cells[name]));
    return {
      site: cells.site!, kind: cells.kind!, device: cells.device!, field: cells.field!, window_start: new Date(cells.window_start!),
      room: text('room'), sample_count: Number(cells.count), value_min: num('min'), value_max: num('max'), value_mean: num('mean'),
      value_first: num('first'), value_last: num('last'), first_at: ms(text('first_at')), last_at: ms(text('last_at')),
      energy_wh: num('energy_wh'), counter_increase: num('increase'), is_final: cells.final === 'true' ? 1 : 0,
    };
  });
}

/** The 5 min tier's watermark, from the lag metric (absent until the first run has read it). */
async function baseWatermark(bridge: BridgeProcess): Promise<number | undefined> {
  const before = Date.now();
  const text = await (await bridge.fetch('/metrics')).text();
  const lag = /^sensorplus_archive_watermark_lag_seconds\{[^}]*tier="5m"[^}]*\} (\S+)$/m.exec(text)?.[1];
  // The watermark is aligned to the window; rounding absorbs the time the scrape took.
  return lag === undefined ? undefined : Math.round((before - Number(lag) * 1000) / WINDOW_MS) * WINDOW_MS;
}

describe('the archive, end to end through the bridge process', () => {
  let stack: StackFixture;
  let mariadb: MariadbServer;
  let bridge: BridgeProcess;
  const password = randomBytes(12).toString('hex');
  // Three whole windows ending 5 min before the current one: in the past, and older than the grace period.
  const lastEnd = Math.floor(Date.now() / WINDOW_MS) * WINDOW_MS - WINDOW_MS;
  const firstStart = lastEnd - WINDOWS * WINDOW_MS;
  const messages = goodMessages(DEVICE_IDS.length * Math.floor((WINDOWS * WINDOW_MS - 1000) / STEP_MS), {
    devices: DEVICE_IDS.length,
    now: lastEnd - 1000,
    stepMs: STEP_MS,
  });
  const points = messages.map(pointOf);
  const archiveQuery = (device: string, extra = '') =>
    `/api/archive?device=${device}&from=${new Date(firstStart - 3_600_000).toISOString()}${extra}`;

  beforeAll(async () => {
    stack = await StackFixture.start('archive-e2e');
    // Installed and stopped again: the bridge gets a fixed URL, and MariaDB comes up only once the
    // readings are in InfluxDB. (An archive whose first run sees an empty InfluxDB starts at the
    // current UTC day, so a run just after midnight would see these readings as late.)
    mariadb = await startMariadb({ dataDir: path.join(stack.dir, 'mariadb'), database: 'archive', user: 'bridge', password });
    await mariadb.stop();
    bridge = await stack.startBridge({
      MYSQL_URL: mariadb.url,
      ARCHIVE_INTERVAL_SECONDS: '1',
      ARCHIVE_GRACE_SECONDS: '2',
      // A device replaying its backlog sends faster than the default limit allows.
      RATE_LIMIT_PER_DEVICE: '0',
    });
  }, 120_000);

  afterAll(async () => {
    await bridge?.stop();
    await mariadb?.stop();
    await stack?.stop();
  });

  it('reports the archive not ready while MySQL is away', async () => {
    const report = await bridge.json<ReadyReport>('/ready');
    expect(report.ready).toBe(false);
    expect(report.checks.archive?.ok).toBe(false);
    expect(report.checks.archive?.detail).toMatch(/^archive: /);
  });

  it('archives readings published over MQTT into exact, final 5-minute windows', async () => {
    await eventually(() => bridge.json<ReadyReport>('/ready'), (r) => r.checks.mqtt?.ok === true, { timeoutMs: 20_000 });
    const publisher = await Publisher.connect(stack.publisherOptions());
    for (const message of messages) await publisher.publish(message.topic, message.payload);
    await publisher.close();
    expect(await eventually(() => stack.countPoints(), (n) => n >= messages.length, { timeoutMs: 20_000 })).toBe(messages.length);

    await mariadb.restart();
    const watermark = await eventually(() => baseWatermark(bridge), (w) => w !== undefined && w >= lastEnd, { timeoutMs: 30_000 });
    expect(watermark).toBeGreaterThanOrEqual(lastEnd);

    const expected = expectedWindows(points, WINDOW_MS, MAX_GAP_MS, -Infinity, Infinity);
    expect(expected.size).toBe(WINDOWS * (DEVICE_IDS.length + 2)); // solar has three fields
    const fromJson: StoredWindow[] = [];
    const fromCsvRows: StoredWindow[] = [];
    for (const device of DEVICE_IDS) {
      const answer = await bridge.json<ArchiveAnswer>(archiveQuery(device));
      fromJson.push(...answer.windows.map(fromView));
      const csv = await bridge.fetch(archiveQuery(device, '&format=csv'));
      expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
      fromCsvRows.push(...fromCsv(await csv.text()));
    }
    expectSameWindows(fromJson, expected, 'JSON');
    expectSameWindows(fromCsvRows, expected, 'CSV');
    expect(fromJson.filter((w) => w.is_final !== 1)).toEqual([]);
    expect(fromCsvRows.filter((w) => w.is_final !== 1)).toEqual([]);

    const ready = await eventually(() => bridge.json<ReadyReport>('/ready'), (r) => r.ready, { timeoutMs: 10_000 });
    expect(ready.checks.archive).toEqual({ ok: true });
  }, 60_000);

  it('counts a reading for an already final window as late and leaves the window as it was', async () => {
    const windowStart = new Date(firstStart + WINDOW_MS).toISOString();
    const windowOf = async () =>
      (await bridge.json<ArchiveAnswer>(archiveQuery('temp-1'))).windows.find((w) => w.start === windowStart && w.field === 'value');
    const before = await windowOf();
    expect(before).toMatchObject({ final: true });
    expect(await bridge.metric('sensorplus_archive_late_readings_total')).toBe(0);

    // A new maximum in the middle of the window: were it added, count, max and last would change.
    const ts = firstStart + WINDOW_MS + WINDOW_MS / 2 + 1;
    const late = { deviceId: 'temp-1', kind: 'temperature', value: before!.max! + 1, unit: '°C', roomId: 'room1', ts };
    const publisher = await Publisher.connect(stack.publisherOptions());
    await publisher.publish('building/demo/temperature/temp-1', Buffer.from(JSON.stringify(late)));
    await publisher.close();

    const lateCount = await eventually(() => bridge.metric('sensorplus_archive_late_readings_total', { kind: 'temperature' }), (n) => n >= 1, { timeoutMs: 20_000 });
    expect(lateCount).toBe(1);
    // It reached InfluxDB, and the job has run twice since: it had every chance to pick it up.
    expect(await eventually(() => stack.countPoints(), (n) => n > messages.length, { timeoutMs: 20_000 })).toBe(messages.length + 1);
    const runs = await bridge.metric('sensorplus_archive_run_duration_seconds_count');
    await eventually(() => bridge.metric('sensorplus_archive_run_duration_seconds_count'), (n) => n >= runs + 2, { timeoutMs: 20_000 });

    expect(await windowOf()).toEqual(before);
    expect(await bridge.metric('sensorplus_archive_late_readings_total')).toBe(1);
  }, 60_000);
});
