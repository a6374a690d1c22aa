/**
 * The device families beyond the building, each read by its profile file, through the real bridge
 * process, real Mosquitto (shipped config and ACL) and real InfluxDB, one stack for all: good
 * readings land with their measurement, tags and typed fields; bad ones are refused with their
 * reasons and counted; a retained offline status shows the tracker offline; unknown keys are
 * counted; a topic no profile reads is `no_profile`.
 *
 * The bridge loads the tracker's and the machine's profiles only (copied into a folder of their
 * own) and is told to subscribe to building topics too, so that a building reading is a topic no
 * loaded profile reads.
 */
import fs from 'node:fs';
import path from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { influxQuery, type InfluxSeries } from '../../src/influx/index.js';
import { SHIPPED_PROFILES_DIR } from '../../src/profiles/index.js';
import type { BridgeProcess } from '../support/bridge-process.js';
import { firmwareJson, MACHINE_STATUS, TRACKER_TELEMETRY } from '../support/family-messages.js';
import { StackFixture, eventually } from '../support/stack-fixture.js';

const TELEMETRY = TRACKER_TELEMETRY;
const MACHINE = MACHINE_STATUS;

interface DeviceView {
  profile: string;
  kind?: string;
  tags?: Record<string, string>;
  status: string;
  lastValues?: Record<string, unknown>;
  reported?: { online: boolean; firmware?: string };
  unmappedKeys?: Record<string, number>;
  messages: number;
}

interface RejectionView {
  reason: string;
  detail: string;
  topic: string;
  device?: string;
}

describe('device families over MQTT (real Mosquitto, InfluxDB and bridge)', () => {
  let stack: StackFixture;
  let bridge: BridgeProcess;
  let publisher: MqttClient;

  const publish = (topic: string, payload: string, retain = false) => publisher.publishAsync(topic, payload, { qos: 1, retain });
  const query = (q: string): Promise<InfluxSeries[]> => influxQuery(stack.influxConnection, q).catch(() => []);
  const count = async (measurement: string, where = '') =>
    Number((await query(`SELECT count("quality") FROM "${measurement}"${where}`))[0]?.values[0]?.[1] ?? 0);
  const fieldTypes = async (measurement: string) =>
    Object.fromEntries((await query(`SHOW FIELD KEYS FROM "${measurement}"`))[0]?.values.map((v) => [String(v[0]), String(v[1])]) ?? []);
  const device = (id: string) => bridge.json<DeviceView>(`/api/devices/${id}`);
  const rejected = (reason: string) => bridge.metric('sensorplus_messages_rejected_total', { reason });

  beforeAll(async () => {
    stack = await StackFixture.start('families');
    const profiles = path.join(stack.dir, 'profiles');
    fs.mkdirSync(profiles);
    for (const file of ['solar-tracker.yaml', 'production-machine.yaml']) fs.copyFileSync(path.join(SHIPPED_PROFILES_DIR, file), path.join(profiles, file));
    publisher = await mqtt.connectAsync(stack.mosquitto.url, { ...stack.accounts.simulator, protocolVersion: 5 });
    // Retained before the bridge ever connects: the broker hands it over on subscription.
    await publish('solar-tracker/tracker-9/status', JSON.stringify({ status: 'offline', firmware: '1.4.1' }), true);
    bridge = await stack.startBridge({
      PROFILES_DIR: profiles,
      MQTT_TOPICS: 'solar-tracker/+/telemetry,solar-tracker/+/status,flexotwin/#,solar-tracker/+/debug,building/+/+/+',
      LOG_LEVEL: 'warn',
    });
    // The retained status arriving proves the subscriptions are in place: nothing published from now on is missed.
    await eventually(() => bridge.fetch('/api/devices/tracker-9'), (r) => r.ok, { timeoutMs: 20_000 });
  }, 60_000);
  afterAll(async () => {
    await publisher?.endAsync();
    await stack?.stop();
  });

  it('stores tracker telemetry under solar_tracker with tags site and device and typed fields', async () => {
    // Each with its own ts (a firmware may send one): stamped on arrival instead, two arriving in the same millisecond would be one point.
    const start = Date.now() - 5_000;
    for (let i = 0; i < 5; i += 1) await publish('solar-tracker/tracker-1/telemetry', firmwareJson({ ...TELEMETRY, top: 2810 + i, ts: start + i * 350 }));
    expect(await eventually(() => count('solar_tracker'), (n) => n >= 5, { timeoutMs: 20_000 })).toBe(5);

    const [series] = await query('SELECT * FROM "solar_tracker" GROUP BY *');
    expect(series!.tags).toEqual({ site: 'default', device: 'tracker-1' });
    const row = Object.fromEntries(series!.columns.map((c, i) => [c, series!.values.at(-1)![i]]));
    expect(row).toMatchObject({ top: 2814, manual: false, steady: true, power_w: 17.3, energy_kwh: 2.4127, quality: 'good' });
    expect(await fieldTypes('solar_tracker')).toMatchObject({ top: 'integer', horizontal_error: 'integer', manual: 'boolean', power_w: 'float', energy_wh: 'float', quality: 'string' });
    expect(await fieldTypes('solar_tracker')).not.toHaveProperty('device_name');

    expect(await device('tracker-1')).toMatchObject({ profile: 'solar-tracker', kind: 'solar_tracker', status: 'online', messages: 5, lastValues: { top: 2814, manual: false } });
  });

  it('stores machine status under production_machine, the counters as integers, at the machine\'s own time', async () => {
    const at = Date.now() - 5_000;
    await publish('flexotwin/machine-2/status', JSON.stringify({ ...MACHINE, ts: at }));
    const { machine_id: _id, ...single } = MACHINE;
    await publish('flexotwin/machine/status', JSON.stringify({ ...single, status: 'idle', cumulative_production: 0 }));
    expect(await eventually(() => count('production_machine'), (n) => n >= 2, { timeoutMs: 20_000 })).toBe(2);

    const series = await query('SELECT * FROM "production_machine" GROUP BY *');
    expect(series.map((s) => s.tags).sort((a, b) => a!.machine!.localeCompare(b!.machine!))).toEqual([
      { site: 'default', machine: 'machine' },
      { site: 'default', machine: 'machine-2' },
    ]);
    const press = series.find((s) => s.tags?.machine === 'machine-2')!;
    const row = Object.fromEntries(press.columns.map((c, i) => [c, press.values[0]![i]]));
    expect(row).toMatchObject({ time: at, status: 'running', speed_rpm: 182.5, cumulative_production: 10412, cumulative_defects: 37, shift: 2 });
    expect(await fieldTypes('production_machine')).toEqual({
      cumulative_defects: 'integer', cumulative_production: 'integer', quality: 'string', shift: 'integer', speed_rpm: 'float', status: 'string', temperature_c: 'float',
    });
    expect(await device('machine')).toMatchObject({ profile: 'production-machine', tags: { machine: 'machine' }, lastValues: { status: 'idle' } });
  });

  it('refuses malformed, wrong-type and out-of-range readings, misshapen topics and topics no profile reads, each counted under its reason', async () => {
    const before = Object.fromEntries(
      await Promise.all(['invalid_json', 'schema', 'out_of_range', 'invalid_topic', 'no_profile', 'timestamp_skew'].map(async (r) => [r, await rejected(r)] as const)),
    );
    const bad: Array<[string, string, string, string]> = [
      ['invalid_json', 'solar-tracker/tracker-2/telemetry', firmwareJson(TELEMETRY).slice(0, 200), 'payload is not valid JSON; expected a JSON object such as {"deviceId":"temp-1",…}.'],
      ['schema', 'solar-tracker/tracker-2/telemetry', firmwareJson({ ...TELEMETRY, top: 12.5 }), 'field "top" must be an integer, got number 12.5.'],
      ['schema', 'flexotwin/machine-3/status', JSON.stringify({ ...MACHINE, cumulative_defects: 'many' }), 'field "cumulative_defects" must be an integer, got string "many".'],
      ['out_of_range', 'solar-tracker/tracker-2/telemetry', firmwareJson({ ...TELEMETRY, battery_pct: 140 }), 'battery charge 140 % is outside the physical range 0–100 %.'],
      ['out_of_range', 'flexotwin/machine-3/status', JSON.stringify({ ...MACHINE, speed_rpm: 9000 }), 'speed 9000 rpm is outside the physical range 0–5000 rpm.'],
      ['timestamp_skew', 'flexotwin/machine-3/status', JSON.stringify({ ...MACHINE, ts: Math.floor(Date.now() / 1000) }), 'ts '],
      ['invalid_topic', 'solar-tracker/tracker-2/debug', firmwareJson(TELEMETRY), 'topic "solar-tracker/tracker-2/debug" does not have the form solar-tracker/{device}/telemetry or solar-tracker/{device}/status.'],
      ['no_profile', 'building/demo/temperature/temp-1', JSON.stringify({ deviceId: 'temp-1', kind: 'temperature', value: 21.5 }), 'topic "building/demo/temperature/temp-1" matches no profile; the loaded profiles read topics under flexotwin, solar-tracker.'],
    ];
    for (const [, topic, payload] of bad) await publish(topic, payload);

    const expected = new Map<string, number>();
    for (const [reason] of bad) expected.set(reason, (expected.get(reason) ?? 0) + 1);
    for (const [reason, n] of expected) {
      const counted = await eventually(() => rejected(reason), (c) => c >= before[reason]! + n, { timeoutMs: 20_000 });
      expect({ reason, counted: counted - before[reason]! }).toEqual({ reason, counted: n });
    }
    const { rejections } = await bridge.json<{ rejections: RejectionView[] }>('/api/rejections?limit=50');
    for (const [reason, topic, , detail] of bad) {
      expect(rejections.find((r) => r.topic === topic && r.reason === reason && r.detail.startsWith(detail)), `${reason} on ${topic}`).toBeDefined();
    }
    expect(rejections.find((r) => r.reason === 'out_of_range' && r.topic === 'flexotwin/machine-3/status')).toMatchObject({ device: 'machine-3' });
    // None of them reached InfluxDB.
    expect(await count('solar_tracker', ` WHERE "device" = 'tracker-2'`)).toBe(0);
    expect(await count('production_machine', ` WHERE "machine" = 'machine-3'`)).toBe(0);
  });

  it('shows a tracker offline from its retained status, in /api/devices and as a device_status point', async () => {
    const offline = await eventually(() => device('tracker-9'), (d) => d.status === 'offline', { timeoutMs: 20_000 });
    expect(offline).toMatchObject({ profile: 'solar-tracker', status: 'offline', reported: { online: false, firmware: '1.4.1' } });
    const { devices } = await bridge.json<{ devices: Array<{ device: string }> }>('/api/devices?status=offline');
    expect(devices.map((d) => d.device)).toEqual(['tracker-9']);

    await eventually(() => count('device_status', ` WHERE "device" = 'tracker-9'`), (n) => n >= 1, { timeoutMs: 20_000 });
    const [status] = await query(`SELECT "online", "firmware" FROM "device_status" WHERE "device" = 'tracker-9' GROUP BY *`);
    expect(status!.tags).toEqual({ site: 'default', device: 'tracker-9', profile: 'solar-tracker' });
    expect(status!.values[0]!.slice(1)).toEqual([false, '1.4.1']);

    // Back online, by its status (a bare word, as a will would be) and then by sending readings.
    await publish('solar-tracker/tracker-9/status', 'online', true);
    expect((await eventually(() => device('tracker-9'), (d) => d.status === 'online', { timeoutMs: 20_000 })).reported).toEqual({ online: true, at: expect.any(Number) });
  });

  it('counts payload keys the profile neither maps nor ignores, per profile and key, and on the device', async () => {
    const at = Date.now() - 1_000;
    await publish('solar-tracker/tracker-3/telemetry', firmwareJson({ ...TELEMETRY, rssi: -67, uptime_s: 3600, ts: at }));
    await publish('solar-tracker/tracker-3/telemetry', firmwareJson({ ...TELEMETRY, rssi: -66, ts: at + 350 }));
    const rssi = await eventually(() => bridge.metric('sensorplus_unmapped_keys_total', { profile: 'solar-tracker', key: 'rssi' }), (n) => n >= 2, { timeoutMs: 20_000 });
    expect(rssi).toBe(2);
    expect(await bridge.metric('sensorplus_unmapped_keys_total', { profile: 'solar-tracker', key: 'uptime_s' })).toBe(1);
    expect((await device('tracker-3')).unmappedKeys).toEqual({ rssi: 2, uptime_s: 1 });
    // Stored all the same (the sink may hold a fresh batch a moment for more).
    expect(await eventually(() => count('solar_tracker', ` WHERE "device" = 'tracker-3'`), (n) => n >= 2, { timeoutMs: 20_000 })).toBe(2);
  });
});
