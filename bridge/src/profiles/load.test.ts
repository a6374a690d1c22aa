import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeProfiles, loadProfiles, ProfileError, readProfileFile } from './index.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'profiles-test-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A small valid profile; each case changes one thing. */
const WIND = () => ({
  topic: 'wind/{device}/reading',
  tags: { site: { constant: 'default' }, device: { segment: 'device' } },
  measurement: 'wind',
  fields: { speed: { label: 'wind speed', type: 'number', unit: 'm/s', range: [0, 100] } },
});

function write(name: string, content: unknown): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, typeof content === 'string' ? content : name.endsWith('.json') ? JSON.stringify(content) : stringify(content));
  return file;
}

/** The one line a bad profile stops the bridge with. */
function problem(load: () => unknown): string {
  try {
    load();
  } catch (error) {
    expect(error).toBeInstanceOf(ProfileError);
    expect((error as ProfileError).code).toBe('SP_ERR_PROFILE');
    expect((error as Error).message).not.toContain('\n');
    return (error as Error).message.replace(`${dir}${path.sep}`, '');
  }
  throw new Error('expected a ProfileError');
}

describe('the shipped profiles', () => {
  const profiles = loadProfiles();
  const building = profiles.find((p) => p.name === 'building')!;
  const range = (kind: string, field: string) => building.kinds.find((p) => p.kind === kind)?.fields.find((f) => f.field === field)?.range;

  it('load: the building and the three families', () => {
    expect(profiles.map((p) => p.name)).toEqual(['building', 'multiplug', 'production-machine', 'solar-tracker']);
  });

  it('hold the building ranges a facilities engineer expects', () => {
    expect(range('temperature', 'value')).toEqual([-50, 100]);
    expect(range('humidity', 'value')).toEqual([0, 100]);
    expect(range('co2', 'value')).toEqual([0, 40_000]);
    expect(range('light', 'value')).toEqual([0, 200_000]);
    expect(range('solar', 'power_w')?.[0]).toBe(0);
    expect(range('solar', 'voltage')).toEqual([0, 1_500]);
    expect(range('solar', 'current')).toEqual([0, 2_000]);
  });

  it('are frozen so no caller can change the rules at run time', () => {
    expect(Object.isFrozen(building)).toBe(true);
    expect(Object.isFrozen(building.kinds[0]?.fields[0]?.range)).toBe(true);
  });

  it('are described as a Markdown table, one row per field', () => {
    const table = describeProfiles(building.kinds);
    expect(table.split('\n')).toHaveLength(2 + building.kinds.reduce((n, p) => n + p.fields.length, 0));
    expect(table).toContain('| humidity | rh | value | value | number | yes | % |');
    expect(table).toContain('0–100 %');
    expect(table).toContain('| solar | pv | power_w | powerW, value |');
  });
});

describe('loading profile files', () => {
  it('reads YAML and JSON alike, with the defaults spelled out', () => {
    write('wind.yaml', WIND());
    write('gust.json', { ...WIND(), topic: 'gust/{device}/reading' });
    write('notes.txt', 'not a profile');
    write('profile.schema.json', '{}');
    const [gust, wind] = loadProfiles(dir);
    expect(gust!.name).toBe('gust');
    expect(wind).toMatchObject({
      name: 'wind',
      deviceTag: 'device',
      measurement: { constant: 'wind' },
      ignore: [],
      tags: [{ name: 'site', constant: 'default', optional: false, type: 'identifier' }, { name: 'device', segment: 'device' }],
      kinds: [{ kind: 'wind', aliases: [], fields: [{ field: 'speed', keys: ['speed'], label: 'wind speed', required: false }] }],
    });
  });

  it.each<[string, (p: ReturnType<typeof WIND> & Record<string, unknown>) => unknown, string]>([
    ['a range of one number', (p) => ({ ...p, fields: { power_w: { type: 'number', range: [5] } } }), 'fields.power_w.range: must have 2 items'],
    ['an inverted range', (p) => ({ ...p, fields: { speed: { type: 'number', range: [10, 0] } } }), 'fields.speed.range: must be two finite numbers, the smaller first'],
    ['a plausible band wider than the range', (p) => ({ ...p, fields: { speed: { type: 'number', range: [0, 10], plausible: [-1, 5] } } }), 'fields.speed.plausible: must lie inside the physical range'],
    ['a misspelt key', (p) => ({ ...p, fields: { speed: { type: 'number', rnage: [0, 1] } } }), 'fields.speed: unknown key "rnage"'],
    ['a field without a type', (p) => ({ ...p, fields: { speed: { unit: 'm/s' } } }), 'fields.speed: "type" is required'],
    ['an unknown type', (p) => ({ ...p, fields: { speed: { type: 'float' } } }), 'fields.speed.type: must be one of: number, integer, boolean, string'],
    ['a field name InfluxDB users would trip on', (p) => ({ ...p, fields: { 'Wind Speed': { type: 'number' } } }), 'fields.Wind Speed: must be lower_snake_case: a-z, 0-9 and "_", starting with a letter'],
    ['a profile without fields', (p) => ({ ...p, fields: {} }), 'fields: must have at least 1 entry'],
    ['no site tag', (p) => ({ ...p, tags: { device: { segment: 'device' } } }), 'tags: "site" is required'],
    ['no device tag', (p) => ({ ...p, tags: { site: { constant: 'x' } } }), 'tags: names no tag "device": the device\'s own tag must be one of "tags"'],
    ['the site as the device', (p) => ({ ...p, deviceTag: 'site' }), 'deviceTag: the site is not a device: name the tag that tells devices apart'],
    ['a tag read from two places', (p) => ({ ...p, tags: { ...p.tags, device: { segment: 'device', constant: 'x' } } }), 'tags.device: give one of "segment", "path", "constant" or "param" ("path" may be added to "segment": both must then agree)'],
    ['a level the topic lacks', (p) => ({ ...p, tags: { ...p.tags, device: { segment: 'deviceId' } } }), 'tags.device.segment: {deviceId} is not a level of the topic "wind/{device}/reading"'],
    ['a request parameter in an MQTT profile', (p) => ({ ...p, tags: { ...p.tags, device: { param: 'device' } } }), 'tags.device.param: request parameters exist only in a profile with a "route"'],
    ['a constant that is no identifier', (p) => ({ ...p, tags: { ...p.tags, site: { constant: 'my site' } } }), 'tags.site.constant: must be an identifier: 1–64 characters from letters, digits, "_", ".", ":" and "-", starting with a letter or digit'],
    ['an optional device', (p) => ({ ...p, tags: { ...p.tags, device: { path: 'id', optional: true } } }), 'tags.device.optional: the device\'s tag is always required'],
    ['both a topic and a route', (p) => ({ ...p, route: 'wind' }), '(top level): needs either "topic" (an MQTT topic pattern) or "route" (an HTTP route), not both'],
    ['a wildcard in the topic', (p) => ({ ...p, topic: 'wind/+/reading' }), 'topic: must be a topic without wildcards (+, #) or spaces, such as site/{device}/telemetry'],
    ['a half-named level', (p) => ({ ...p, topic: 'wind/dev-{device}/reading' }), 'topic: "wind/dev-{device}/reading": a named level is a whole level in braces, a name of letters, digits and "_" such as {device}'],
    ['a unit with zero scale', (p) => ({ ...p, unitKey: 'unit', fields: { speed: { type: 'number', units: [{ names: ['m/s'], scale: 0 }] } } }), 'fields.speed.units[0].scale: must not be 0'],
    ['units without a unit key', (p) => ({ ...p, fields: { speed: { type: 'number', units: [{ names: ['m/s'] }] } } }), 'fields.speed.units: needs "unitKey" at the top level: the payload key that names the unit'],
    [
      'two fields described by the one payload unit',
      (p) => ({ ...p, unitKey: 'unit', fields: { speed: { type: 'number', units: [{ names: ['m/s'] }] }, gust: { type: 'number', units: [{ names: ['m/s'] }] } } }),
      'fields.gust.units: only one field per measurement is described by the payload\'s unit ("speed" already is)',
    ],
    ['a range on a boolean', (p) => ({ ...p, fields: { calm: { type: 'boolean', range: [0, 1] } } }), 'fields.calm.range: only a number or integer field has a range'],
    ['a field called like a tag', (p) => ({ ...p, fields: { device: { type: 'string' } } }), 'fields.device: "device" is also a tag: InfluxDB keeps tags and fields apart'],
    ['the quality field', (p) => ({ ...p, fields: { quality: { type: 'string' } } }), 'fields.quality: "quality" is written by the bridge itself'],
    ['a value meaning true and false', (p) => ({ ...p, fields: { calm: { type: 'boolean', trueValues: [1, 'ON'], falseValues: ['ON'] } } }), 'fields.calm.falseValues: "ON" cannot mean both true and false'],
    ['a status over HTTP', (p) => ({ ...p, topic: undefined, route: 'wind', tags: { site: { constant: 'x' }, device: { param: 'device' } }, status: { topic: 'wind/{device}/status', state: { path: 'state', online: ['on'], offline: ['off'] } } }), 'status: status messages arrive over MQTT: only a profile with a "topic" has them'],
    ['a status topic without the device', (p) => ({ ...p, status: { topic: 'wind/status', state: { path: 'state', online: ['on'], offline: ['off'] } } }), 'status.topic: must name the level {device} too: the device tag is read from it'],
    ['a measurement chosen without a list', (p) => ({ ...p, measurement: { path: 'kind' } }), '(top level): a "measurement" read from the message needs "measurements"'],
    [
      'two measurements sharing a name',
      (p) => ({ ...p, fields: undefined, measurement: { path: 'kind' }, measurements: { wind: { fields: p.fields }, gust: { aliases: ['WIND'], fields: p.fields } } }),
      'measurements.gust: "WIND" also names the measurement "wind"',
    ],
    ['a bad rate limit', (p) => ({ ...p, rateLimit: { perDevicePerSecond: 0, burst: 5 } }), 'rateLimit.perDevicePerSecond: must be greater than 0'],
  ])('refuses %s with one line naming the file, the place and the problem', (_name, change, expected) => {
    const file = write('wind.yaml', JSON.parse(JSON.stringify(change(WIND()))));
    expect(problem(() => readProfileFile(file))).toBe(`wind.yaml: ${expected}`);
  });

  it('refuses a YAML syntax error at its line', () => {
    const file = write('wind.yaml', 'topic: wind/{device}/reading\nfields: [1, 2\nmeasurement: wind\n');
    expect(problem(() => readProfileFile(file))).toMatch(/^wind\.yaml: \(syntax\): .* at line 3, column 1$/);
  });

  it('refuses a file name that cannot be a profile name', () => {
    const file = write('my wind.yaml', WIND());
    expect(problem(() => readProfileFile(file))).toBe('my wind.yaml: (file name): "my wind" is not an identifier: the file name becomes the profile\'s name');
  });

  it('refuses profiles that would read the same topic or route, or share a name', () => {
    write('a.yaml', WIND());
    write('b.yaml', { ...WIND(), topic: 'wind/{station}/reading', tags: { site: { constant: 'x' }, device: { segment: 'station' } } });
    expect(problem(() => loadProfiles(dir))).toBe('b.yaml: topic: "wind/{station}/reading" overlaps "wind/{device}/reading" of profile "a": a topic would match both');
    fs.rmSync(path.join(dir, 'b.yaml'));
    write('a.json', { ...WIND(), topic: 'other/{device}/x' });
    expect(problem(() => loadProfiles(dir))).toMatch(/^a\.yaml: \(file name\): another profile is also called "a" \(.*a\.json\)$/);
  });

  it('refuses a folder without profiles, or one that cannot be read', () => {
    expect(problem(() => loadProfiles(dir))).toBe(`${dir}: (folder): holds no profile file (*.yaml, *.yml or *.json)`.replace(`${dir}${path.sep}`, ''));
    expect(problem(() => loadProfiles(path.join(dir, 'missing')))).toMatch(/missing: \(folder\): cannot be read \(ENOENT\)$/);
  });
});
