import { createDataFrame, createTheme, FieldType, type FieldConfigSource } from '@grafana/data';
import { describe, expect, it } from 'vitest';

import { influxSeries, largeBuilding, NOW, referenceBuilding, referenceBuildingSql, withAppendedRow } from '../../tests/fixtures/building.js';
import { lastHour, processFrames } from '../../tests/support/grafana.js';
import { DEFAULT_OPTIONS } from '../constants.js';
import type { BuildingOptions } from '../types.js';
import { buildBuilding, createBuildingBuilder } from './building.js';

const theme = createTheme();
const noConfig: FieldConfigSource = { defaults: {}, overrides: [] };

function build(frames = referenceBuilding(), options: Partial<BuildingOptions> = {}, fieldConfig = noConfig) {
  return buildBuilding(processFrames(frames, fieldConfig, theme), { ...DEFAULT_OPTIONS, ...options }, {
    theme,
    timeZone: 'utc',
    timeRange: lastHour(NOW),
    now: NOW,
  });
}

const red = theme.visualization.getColorByName('red');
const orange = theme.visualization.getColorByName('orange');
const green = theme.visualization.getColorByName('green');

describe('the reference building (InfluxQL series)', () => {
  const model = build();

  it('has five rooms in natural order and the solar plant last', () => {
    expect(model.rooms.map((room) => room.title)).toEqual(['room1', 'room2', 'room3', 'room4', 'room5', 'Site']);
    expect(model.devices.size).toBe(21);
  });

  it('detects each kind and orders devices by kind', () => {
    const room1 = model.rooms[0]!;
    expect(room1.devices.map((d) => `${d.id}:${d.kind}`)).toEqual(['temp-1:temperature', 'hum-1:humidity', 'co2-1:co2', 'light-1:light']);
  });

  it('applies per-kind units and thresholds when the field config leaves them unset', () => {
    const co2 = model.devices.get('room3/co2-3/co2')!;
    expect(co2.display.suffix?.trim()).toBe('ppm');
    expect(co2.color).toBe(red);
    expect(model.devices.get('room2/temp-2/temperature')!.color).toBe(orange);
    expect(model.devices.get('room1/temp-1/temperature')!.display.suffix?.trim()).toBe('°C');
  });

  it('colours a room by its worst device and summarises it', () => {
    const room3 = model.rooms[2]!;
    expect(room3.worst?.id).toBe('co2-3');
    expect(room3.color).toBe(red);
    expect(room3.summary).toBe('co2-3 1520 ppm');
    expect(model.rooms[0]!.color).toBe(green);
    expect(model.rooms[0]!.summary).toBe('All 4 devices OK');
  });

  it('marks a silent device offline and a briefly silent one stale', () => {
    expect(model.devices.get('room4/hum-4/humidity')!.status).toBe('offline');
    expect(model.devices.get('room4/hum-4/humidity')!.lastSeen).toBe(NOW - 10 * 60_000);
    expect(model.rooms[3]!.summary).toBe('1 offline');
    expect(model.devices.get('room5/light-5/light')!.status).toBe('stale');
  });

  it('merges the solar series into one device with power as its value', () => {
    const solar = model.devices.get('/solar-plant/solar')!;
    expect(solar.room).toBeUndefined();
    expect(solar.primary.name).toBe('power_w');
    expect(solar.display.text).toBe('3.25');
    expect(solar.display.suffix?.trim()).toBe('kW');
    expect(solar.extraDisplays).toEqual([
      { name: 'voltage', text: '231 V' },
      { name: 'current', text: '14.1 A' },
    ]);
  });

  it('prefers the field config the user set over the presets', () => {
    const custom = build(referenceBuilding(), {}, {
      defaults: { unit: 'none', thresholds: { mode: 'absolute' as never, steps: [{ value: -Infinity, color: 'blue' }, { value: 25, color: 'purple' }] } },
      overrides: [],
    });
    const temp = custom.devices.get('room1/temp-1/temperature')!;
    expect(temp.display.suffix).toBeUndefined();
    expect(temp.color).toBe(theme.visualization.getColorByName('blue'));
    expect(custom.devices.get('room3/co2-3/co2')!.color).toBe(theme.visualization.getColorByName('purple'));
  });

  it('completes each series by its own field config, even when devices of a kind share a processor', () => {
    const steps = [
      { value: -Infinity, color: 'blue' },
      { value: 1000, color: 'purple' },
    ];
    const frames = [
      influxSeries({ measurement: 'co2', tags: { room: 'a', device: 'co2-a' }, last: 1200 }),
      influxSeries({ measurement: 'co2', tags: { room: 'a', device: 'co2-b' }, last: 1200, config: { thresholds: { mode: 'absolute' as never, steps } } }),
      influxSeries({ measurement: 'co2', tags: { room: 'a', device: 'co2-c' }, last: 1200, config: { unit: 'percent' } }),
      influxSeries({ measurement: 'co2', tags: { room: 'a', device: 'co2-d' }, last: 600 }),
    ];
    const devices = build(frames).devices;
    expect(devices.get('a/co2-a/co2')!.color).toBe(orange);
    expect(devices.get('a/co2-b/co2')!.color).toBe(theme.visualization.getColorByName('purple'));
    expect(devices.get('a/co2-b/co2')!.display.suffix?.trim()).toBe('ppm');
    expect(devices.get('a/co2-c/co2')!.display.suffix?.trim()).toBe('%');
    expect(devices.get('a/co2-d/co2')!.color).toBe(green);
    expect(devices.get('a/co2-d/co2')!.display.text).toBe('600');
  });

  it('can turn the presets off', () => {
    const plain = build(referenceBuilding(), { kindPresets: false });
    expect(plain.devices.get('room1/temp-1/temperature')!.display.suffix).toBeUndefined();
  });

  it('builds sparklines over the dashboard range unless disabled', () => {
    expect(model.devices.get('room1/temp-1/temperature')!.trend?.line).toMatch(/^M1\.7,[\d.]+L/);
    expect(model.devices.get('room4/hum-4/humidity')!.trend?.line).toMatch(/L83\.\d,/);
    expect(build(referenceBuilding(), { showSparkline: false }).devices.get('room1/temp-1/temperature')!.trend).toBeUndefined();
  });
});

describe('the reference building as a long SQL table', () => {
  const model = build(referenceBuildingSql());

  it('finds the same rooms and devices', () => {
    expect(model.rooms.map((room) => room.title)).toEqual(['room1', 'room2', 'room3', 'room4', 'room5', 'Site']);
    expect(model.devices.size).toBe(21);
  });

  it('takes the newest row even when rows come newest first', () => {
    const co2 = model.devices.get('room3/co2-3/co2')!;
    expect(co2.display.text).toBe('1520');
    expect(co2.lastSeen).toBe(NOW);
    expect(model.devices.get('room4/hum-4/humidity')!.status).toBe('offline');
  });

  it('honours other column names', () => {
    const renamed = createDataFrame({
      fields: [
        { name: 'Zone', type: FieldType.string, values: ['lab'] },
        { name: 'Sensor', type: FieldType.string, values: ['t1'] },
        { name: 'Type', type: FieldType.string, values: ['temperature'] },
        { name: 'reading', type: FieldType.number, values: [19.5] },
      ],
    });
    const result = build([renamed], { roomKey: 'zone', deviceKey: 'sensor', kindKey: 'type' });
    expect(result.rooms[0]!.title).toBe('lab');
    expect(result.devices.get('lab/t1/temperature')!.status).toBe('ok');
  });
});

describe('edge cases', () => {
  it('builds nothing from no data', () => {
    expect(build([]).rooms).toEqual([]);
    expect(build([createDataFrame({ fields: [] })]).rooms).toEqual([]);
  });

  it('shows NaN-only devices as having no data, and skips a trailing NaN', () => {
    const frames = [
      createDataFrame({
        name: 'temperature.value',
        fields: [
          { name: 'Time', type: FieldType.time, values: [NOW - 60_000, NOW] },
          { name: 'Value', type: FieldType.number, values: [NaN, NaN], labels: { room: 'r1', device: 'temp-nan' } },
        ],
      }),
      createDataFrame({
        name: 'co2.value',
        fields: [
          { name: 'Time', type: FieldType.time, values: [NOW - 60_000, NOW] },
          { name: 'Value', type: FieldType.number, values: [700, NaN], labels: { room: 'r1', device: 'co2-x' } },
        ],
      }),
    ];
    const model = build(frames);
    const nan = model.devices.get('r1/temp-nan/temperature')!;
    expect(nan.status).toBe('nodata');
    expect(nan.display.text).toBe('No data');
    expect(nan.severity).toBe(-1);
    const co2 = model.devices.get('r1/co2-x/co2')!;
    expect(co2.display.text).toBe('700');
    expect(co2.lastSeen).toBe(NOW - 60_000);
    expect(model.rooms[0]!.summary).toBe('1 no data');
  });

  it('handles mixed and unknown kinds, booleans included', () => {
    const frames = [
      createDataFrame({
        name: 'switch.on',
        fields: [
          { name: 'Time', type: FieldType.time, values: [NOW] },
          { name: 'Value', type: FieldType.boolean, values: [true], labels: { room: 'hall', device: 'relay-1' } },
        ],
      }),
      createDataFrame({
        refId: 'pressure',
        fields: [
          { name: 'Time', type: FieldType.time, values: [NOW] },
          { name: 'Value', type: FieldType.number, values: [1013], labels: { room: 'hall', device: 'baro-1' } },
        ],
      }),
      createDataFrame({
        fields: [{ name: 'Value', type: FieldType.number, values: [3], labels: { room: 'hall', device: 'x-1', kind: 'Vibration' } }],
      }),
    ];
    const model = build(frames);
    expect(model.devices.get('hall/relay-1/switch')!.display.text).toBe('On');
    expect(model.devices.get('hall/baro-1/unknown')!.display.text).toBe('1013');
    const vibration = model.devices.get('hall/x-1/vibration')!;
    expect(vibration.status).toBe('ok');
    expect(vibration.lastSeen).toBeUndefined();
  });

  it('puts devices without a room on the card named by the option', () => {
    const model = build(referenceBuilding(), { noRoomTitle: 'Outdoor' });
    expect(model.rooms.at(-1)!.title).toBe('Outdoor');
    expect(model.rooms.at(-1)!.devices.map((d) => d.id)).toEqual(['solar-plant']);
  });

  it('sorts rooms by severity on request', () => {
    const model = build(referenceBuilding(), { sortRooms: 'severity' });
    expect(model.rooms.slice(0, 2).map((room) => room.title)).toEqual(['room3', 'room2']);
  });

  it('scales to 2,000 devices in 100 rooms', () => {
    const model = build(largeBuilding(100, 20));
    expect(model.rooms).toHaveLength(100);
    expect(model.devices.size).toBe(2000);
    expect([...model.devices.values()].filter((d) => d.status === 'offline').length).toBeGreaterThan(0);
  });
});

describe('a builder fed streamed rows', () => {
  const context = { theme, timeZone: 'utc', timeRange: lastHour(NOW), now: NOW + 1000 };
  const options = DEFAULT_OPTIONS;

  it('keeps the models of unchanged devices and rooms, so only the changed tile and room re-render', () => {
    const build = createBuildingBuilder();
    const frames = referenceBuilding();
    const before = build(processFrames(frames, noConfig, theme), options, context);
    const streamed = frames.map((frame) => (frame.name?.includes('device: temp-1') ? withAppendedRow(frame, NOW + 1000, 23.4) : frame));
    const after = build(processFrames(streamed, noConfig, theme), options, context);

    expect(after.devices.get('room1/temp-1/temperature')).not.toBe(before.devices.get('room1/temp-1/temperature'));
    expect(after.devices.get('room1/temp-1/temperature')!.display.text).toBe('23.4');
    expect(after.devices.get('room1/hum-1/humidity')).toBe(before.devices.get('room1/hum-1/humidity'));
    expect(after.devices.get('room4/hum-4/humidity')).toBe(before.devices.get('room4/hum-4/humidity'));
    expect(after.rooms[0]).not.toBe(before.rooms[0]);
    expect(after.rooms.slice(1)).toEqual(before.rooms.slice(1));
    after.rooms.slice(1).forEach((room, index) => expect(room).toBe(before.rooms[index + 1]));
  });

  it('rebuilds a device whose status changes with time alone', () => {
    const build = createBuildingBuilder();
    const frames = processFrames(referenceBuilding(), noConfig, theme);
    const before = build(frames, options, context);
    const later = build(frames, options, { ...context, now: NOW + 10 * 60_000 });
    expect(later.devices.get('room1/temp-1/temperature')!.status).toBe('offline');
    expect(later.devices.get('room1/temp-1/temperature')).not.toBe(before.devices.get('room1/temp-1/temperature'));
  });
});
