import { describe, expect, it } from 'vitest';
import type { RejectionReason } from '../model/rejection.js';
import { firmwareJson, MACHINE_STATUS, TRACKER_TELEMETRY } from '../../test/support/family-messages.js';
import { loadProfiles } from '../profiles/index.js';
import { createPipeline, DEFAULT_PIPELINE_OPTIONS, type ProcessResult } from './index.js';

/** The shipped families, each read by its own profile file: good readings and every way a bad one is refused. */

const NOW = Date.UTC(2024, 5, 3, 12);
const PROFILES = loadProfiles();
const pipeline = () => createPipeline(DEFAULT_PIPELINE_OPTIONS, PROFILES);
const bytes = (value: unknown) => new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value));

function refusal(result: ProcessResult): [RejectionReason, string] | 'accepted' {
  return result.ok ? 'accepted' : [result.rejection.reason, result.rejection.detail];
}

describe('solar tracker', () => {
  const TOPIC = 'solar-tracker/tracker-1/telemetry';
  const TELEMETRY = TRACKER_TELEMETRY;
  const send = (payload: unknown, topic = TOPIC, subject = pipeline()) => subject.process(topic, bytes(typeof payload === 'string' ? payload : firmwareJson(payload)), NOW);

  it('stores the telemetry with its tags and typed fields, stamped on arrival; device_name is ignored', () => {
    const result = send(TELEMETRY);
    expect(result).toMatchObject({ ok: true, profile: 'solar-tracker', device: 'tracker-1' });
    if (!result.ok) return;
    const { device_name: _name, manual: _manual, steady: _steady, ...numbers } = TELEMETRY;
    expect(result.value).toEqual({
      measurement: 'solar_tracker',
      tags: { site: 'default', device: 'tracker-1' },
      ts: NOW,
      fields: { ...numbers, manual: false, steady: true },
      integerFields: ['top', 'left', 'right', 'avg', 'horizontal_error', 'vertical_error'],
      quality: 'good',
    });
    expect(result).not.toHaveProperty('unmappedKeys');
  });

  it('reads ts when a firmware sends one, and accepts booleans as well as 0/1', () => {
    expect(send({ ...TELEMETRY, ts: NOW - 1000, manual: true })).toMatchObject({ ok: true, value: { ts: NOW - 1000, fields: { manual: true } } });
  });

  it('marks a panel hotter than 85 °C suspect', () => {
    expect(send({ ...TELEMETRY, temp_c: 90 })).toMatchObject({ ok: true, value: { quality: 'suspect' } });
  });

  it('counts keys the profile does not know, and keeps the reading', () => {
    expect(send({ ...TELEMETRY, rssi: -67, wifi: { ssid: 'lab' } })).toMatchObject({ ok: true, unmappedKeys: ['rssi', 'wifi'] });
  });

  it.each<[string, unknown, string, [RejectionReason, string]]>([
    ['a fraction where counts belong', { ...TELEMETRY, top: 12.5 }, TOPIC, ['schema', 'field "top" must be an integer, got number 12.5.']],
    ['a flag that is neither 0/1 nor a boolean', { ...TELEMETRY, manual: 2 }, TOPIC, ['schema', 'field "manual" must be a boolean (true or false, or 1 / 0), got number 2.']],
    ['power as text', { ...TELEMETRY, power_w: '17.3' }, TOPIC, ['schema', 'field "power_w" must be a number, got string "17.3".']],
    ['a battery over 100 %', { ...TELEMETRY, battery_pct: 140 }, TOPIC, ['out_of_range', 'battery charge 140 % is outside the physical range 0–100 %.']],
    ['a light sensor past the 12-bit ADC', { ...TELEMETRY, left: 5000 }, TOPIC, ['out_of_range', 'left 5000 counts is outside the physical range 0–4095 counts.']],
    ['seconds for ts', { ...TELEMETRY, ts: Math.floor(NOW / 1000) }, TOPIC, ['timestamp_skew', `ts ${Math.floor(NOW / 1000)} looks like epoch seconds, not milliseconds (2024-06-03T12:00:00.000Z if read as seconds); send epoch milliseconds.`]],
    ['a hostile device id', TELEMETRY, 'solar-tracker/a,b=c/telemetry', ['invalid_identifier', 'topic device "a,b=c" is not a valid identifier: use 1–64 characters from letters, digits, "_", ".", ":" and "-", starting with a letter or digit.']],
    ['a topic the family does not have', TELEMETRY, 'solar-tracker/tracker-1/debug', ['invalid_topic', 'topic "solar-tracker/tracker-1/debug" does not have the form solar-tracker/{device}/telemetry or solar-tracker/{device}/status.']],
    ['JSON cut off', '{"top": 2810, "left"', TOPIC, ['invalid_json', 'payload is not valid JSON; expected a JSON object such as {"deviceId":"temp-1",…}.']],
    ['nothing it knows', { device_name: 'x' }, TOPIC, ['schema', 'a solar_tracker reading needs at least one of these fields: top, left, right, avg, horizontal_error, vertical_error, tilt_angle, pan_angle and 17 more.']],
  ])('refuses %s', (_name, payload, topic, expected) => {
    expect(refusal(send(payload, topic))).toEqual(expected);
  });

  it('limits a tracker to 20 readings stamped within 4 s, whatever the bridge-wide limit', () => {
    const subject = pipeline();
    const results = Array.from({ length: 21 }, () => send(TELEMETRY, TOPIC, subject));
    expect(results.filter((r) => r.ok)).toHaveLength(20);
    expect(refusal(results[20]!)).toEqual([
      'rate_limited',
      'device "tracker-1" at site "default" sent more than 20 readings stamped within 4 s (5 per second on average); this reading was dropped, check the device\'s send interval.',
    ]);
  });

  describe('status', () => {
    const STATUS = 'solar-tracker/tracker-1/status';

    it('a retained JSON status becomes a device_status point and says online or offline', () => {
      expect(send({ status: 'offline', firmware: '1.4.2' }, STATUS)).toEqual({
        ok: true,
        profile: 'solar-tracker',
        device: 'tracker-1',
        status: { online: false, firmware: '1.4.2' },
        value: { measurement: 'device_status', tags: { site: 'default', device: 'tracker-1', profile: 'solar-tracker' }, ts: NOW, fields: { online: false, firmware: '1.4.2' }, quality: 'good' },
      });
    });

    it('reads a bare state word, as a last will often is, in any case', () => {
      expect(send('Online\n', STATUS)).toMatchObject({ ok: true, status: { online: true }, value: { fields: { online: true } } });
    });

    it.each<[string, unknown, [RejectionReason, string]]>([
      ['an unknown state', { status: 'sleeping' }, ['schema', 'field "status" must be one of online, offline; got string "sleeping".']],
      ['no state', { firmware: '1.4.2' }, ['schema', 'field "status" must be one of online, offline; got nothing.']],
      ['a firmware that is not text', { status: 'online', firmware: 142 }, ['schema', 'field "firmware" must be a version text of at most 64 characters, got number 142.']],
      ['bytes that are neither', '\u0000\u0001', ['invalid_json', 'payload is not valid JSON; expected a JSON object such as {"deviceId":"temp-1",…}.']],
    ])('refuses %s', (_name, payload, expected) => {
      expect(refusal(send(payload, STATUS))).toEqual(expected);
    });
  });
});

describe('production machine', () => {
  const TOPIC = 'flexotwin/machine-2/status';
  const STATUS = { ...MACHINE_STATUS, ts: NOW - 5000 };
  const send = (payload: unknown, topic = TOPIC) => pipeline().process(topic, bytes(payload), NOW);

  it('stores status, speed, temperature, the shift and its counters as integers, at the machine\'s own time', () => {
    const result = send(STATUS);
    expect(result).toMatchObject({ ok: true, profile: 'production-machine', device: 'machine-2' });
    if (!result.ok) return;
    expect(result.value).toEqual({
      measurement: 'production_machine',
      tags: { site: 'default', machine: 'machine-2' },
      ts: NOW - 5000,
      fields: { status: 'running', speed_rpm: 182.5, temperature_c: 61.2, cumulative_production: 10412, cumulative_defects: 37, shift: 2 },
      integerFields: ['cumulative_production', 'cumulative_defects', 'shift'],
      quality: 'good',
    });
  });

  it('takes flexotwin/machine/status as the machine called "machine", `state` for its status, and a counter reset to 0', () => {
    const { status: _status, ...rest } = STATUS;
    expect(send({ ...rest, state: 'stopped', cumulative_production: 0, cumulative_defects: 0 }, 'flexotwin/machine/status')).toMatchObject({
      ok: true,
      value: { tags: { machine: 'machine' }, fields: { status: 'stopped', cumulative_production: 0 } },
    });
  });

  it('stamps on arrival without ts, and counts an unknown key', () => {
    const { ts: _ts, ...untimed } = STATUS;
    expect(send({ ...untimed, operator: 'ana' })).toMatchObject({ ok: true, value: { ts: NOW }, unmappedKeys: ['operator'] });
  });

  it.each<[string, unknown, [RejectionReason, string]]>([
    ['a negative counter', { ...STATUS, cumulative_production: -1 }, ['out_of_range', 'pieces produced -1 pieces is outside the physical range 0–1000000000000 pieces.']],
    ['a counter with a fraction', { ...STATUS, cumulative_defects: 3.5 }, ['schema', 'field "cumulative_defects" must be an integer, got number 3.5.']],
    ['a speed beyond any press', { ...STATUS, speed_rpm: 9000 }, ['out_of_range', 'speed 9000 rpm is outside the physical range 0–5000 rpm.']],
    ['a status with a line break', { ...STATUS, status: 'running\nfault' }, ['schema', 'field "status" must be text without control characters (such as a line break).']],
    ['a status as a number', { ...STATUS, status: 3 }, ['schema', 'field "status" must be a string, got number 3.']],
    ['a clock an hour fast', { ...STATUS, ts: NOW + 3_600_000 }, ['timestamp_skew', `ts ${NOW + 3_600_000} (2024-06-03T13:00:00.000Z) is 60 minutes ahead of the bridge clock, more than the 5 minutes allowed; check the device's clock.`]],
  ])('refuses %s', (_name, payload, expected) => {
    expect(refusal(send(payload))).toEqual(expected);
  });

  it('reads an ISO 8601 time where a profile says so', () => {
    const machine = PROFILES.find((p) => p.name === 'production-machine')!;
    const iso = createPipeline(DEFAULT_PIPELINE_OPTIONS, [{ ...machine, timestamp: { path: 'timestamp', format: 'iso8601' } }]);
    const at = (timestamp: unknown) => iso.process(TOPIC, bytes({ ...STATUS, ts: undefined, timestamp }), NOW);
    expect(at('2024-06-03T13:59:55.250+02:00')).toMatchObject({ ok: true, value: { ts: NOW - 4750 } });
    expect(refusal(at('2024-06-03T11:59:55'))).toEqual(['schema', 'field "timestamp" must be an ISO 8601 date-time with a zone, such as "2024-06-03T12:00:05Z", got string "2024-06-03T11:59:55".']);
    expect(refusal(at('2024-02-30T11:59:55Z'))).toEqual(['schema', 'field "timestamp" must be an ISO 8601 date-time with a zone, such as "2024-06-03T12:00:05Z", got string "2024-02-30T11:59:55Z".']);
    expect(refusal(at('2024-06-03T13:00:00Z'))).toEqual(['timestamp_skew', 'timestamp "2024-06-03T13:00:00Z" is 60 minutes ahead of the bridge clock, more than the 5 minutes allowed; check the device\'s clock.']);
  });
});

describe('smart multiplug (HTTP)', () => {
  const READING = { port: 1, voltage: 229.8, current: 2.31, power: 502.4, relay_state: 'ON' };
  const post = (payload: unknown, params: Record<string, unknown> = { device: 'plug-7' }, route = 'multiplug') => pipeline().ingest(route, payload, NOW, params);

  it('stores one port of the plug named by the request, from a parsed body or its bytes alike', () => {
    const expected = {
      ok: true,
      profile: 'multiplug',
      device: 'plug-7',
      value: { measurement: 'multiplug', tags: { site: 'default', device: 'plug-7', port: '1' }, ts: NOW, fields: { voltage: 229.8, current: 2.31, power: 502.4, relay_on: true }, quality: 'good' },
    };
    expect(post(READING)).toEqual(expected);
    expect(post(bytes(READING))).toEqual(expected);
    const { relay_state: _relay, ...noRelay } = READING;
    expect(post({ ...noRelay, port: 4, relay_state: 'OFF' })).toMatchObject({ ok: true, value: { tags: { port: '4' }, fields: { relay_on: false } } });
    expect(post(noRelay)).toMatchObject({ ok: true, value: { fields: { voltage: 229.8 } } });
  });

  it('marks a mains voltage outside 90–260 V suspect', () => {
    expect(post({ ...READING, voltage: 40 })).toMatchObject({ ok: true, value: { quality: 'suspect' } });
  });

  it.each<[string, unknown, Record<string, unknown>, [RejectionReason, string]]>([
    ['port 5', { ...READING, port: 5 }, { device: 'plug-7' }, ['out_of_range', 'port 5 is outside the physical range 1–4.']],
    ['a port as text', { ...READING, port: '1' }, { device: 'plug-7' }, ['schema', 'field "port" must be an integer, got string "1".']],
    ['no port', { voltage: 230 }, { device: 'plug-7' }, ['schema', 'field "port" (an integer) is required but missing.']],
    ['400 V', { ...READING, voltage: 400 }, { device: 'plug-7' }, ['out_of_range', 'voltage 400 V is outside the physical range 0–300 V.']],
    ['a negative current', { ...READING, current: -1 }, { device: 'plug-7' }, ['out_of_range', 'current -1 A is outside the physical range 0–50 A.']],
    ['20 kW', { ...READING, power: 20000 }, { device: 'plug-7' }, ['out_of_range', 'power 20000 W is outside the physical range 0–15000 W.']],
    ['a relay state in lower case', { ...READING, relay_state: 'on' }, { device: 'plug-7' }, ['schema', 'field "relay_state" must be a boolean (true or false, or "ON" / "OFF"), got string "on".']],
    ['no device named', READING, {}, ['schema', 'request parameter "device" is required but missing.']],
    ['two devices named', READING, { device: ['plug-7', 'plug-8'] }, ['schema', 'request parameter "device" must be given once, as text.']],
    ['a hostile device name', READING, { device: 'plug 7,x=1' }, ['invalid_identifier', 'request device "plug 7,x=1" is not a valid identifier: use 1–64 characters from letters, digits, "_", ".", ":" and "-", starting with a letter or digit.']],
    ['an array', [READING], { device: 'plug-7' }, ['schema', 'payload is an array, not a JSON object.']],
  ])('refuses %s', (_name, payload, params, expected) => {
    expect(refusal(post(payload, params))).toEqual(expected);
  });

  it('names the plug on a refusal when the request did, and refuses a route no profile has', () => {
    expect(post({ ...READING, port: 9 })).toMatchObject({ ok: false, device: 'plug-7' });
    expect(refusal(post(READING, { device: 'plug-7' }, 'powerstrip'))).toEqual(['no_profile', 'route "powerstrip" matches no profile; routes: multiplug.']);
  });
});
