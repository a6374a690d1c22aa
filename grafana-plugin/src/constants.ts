import { MappingType, ThresholdsMode, type ThresholdsConfig, type ValueMapping } from '@grafana/data';

import type { BuildingOptions } from './types.js';

export const PLUGIN_ID = 'sensorplus-building-panel';

/** Every option's default, in one place; module.ts and the migration handler read them from here. */
export const DEFAULT_OPTIONS: BuildingOptions = {
  roomKey: 'room',
  deviceKey: 'device',
  kindKey: 'kind',
  noRoomTitle: 'Site',

  layout: 'grid',
  sortRooms: 'name',
  roomMinWidth: 240,
  tileMinWidth: 104,
  floorPlan: { imageUrl: '', rooms: [] },

  showSparkline: true,
  kindPresets: true,
  staleAfter: 60,
  offlineAfter: 300,

  deviceUrl: '',
  roomUrl: '',
  keepTime: true,
};

/** The smallest value of each number option: the editor's `min` in module.ts, and the floor migrations.ts applies to saved JSON. */
export const NUMBER_OPTION_MINIMUMS: Record<'roomMinWidth' | 'tileMinWidth' | 'staleAfter' | 'offlineAfter', number> = {
  roomMinWidth: 120,
  tileMinWidth: 64,
  staleAfter: 0,
  offlineAfter: 0,
};

/** Field-config thresholds default: only a base step, so per-kind presets can fill in the rest. */
export const BASE_ONLY_THRESHOLDS: ThresholdsConfig = {
  mode: ThresholdsMode.Absolute,
  steps: [{ value: -Infinity, color: 'green' }],
};

export const UNKNOWN_KIND = 'unknown';

/** What the panel knows about a kind: how to recognise it, draw it, and display it without configuration. */
export interface KindDefinition {
  id: string;
  label: string;
  /** Words that identify the kind in a measurement, frame name, refId or device id prefix. */
  aliases: string[];
  icon: string;
  unit?: string;
  thresholds?: ThresholdsConfig;
  mappings?: ValueMapping[];
  /** Reading names that make a device's headline value, in order of preference. */
  primaryNames: string[];
}

const absolute = (base: string, ...steps: Array<[number, string]>): ThresholdsConfig => ({
  mode: ThresholdsMode.Absolute,
  steps: [{ value: -Infinity, color: base }, ...steps.map(([value, color]) => ({ value, color }))],
});

const ON_OFF: ValueMapping[] = [
  {
    type: MappingType.ValueToText,
    options: {
      '1': { text: 'On', index: 0 },
      true: { text: 'On', index: 1 },
      '0': { text: 'Off', index: 2 },
      false: { text: 'Off', index: 3 },
    },
  },
];

/** The kinds the SensorPlus bridge writes, one InfluxDB measurement each (README, *Data model*); anything else is shown as a generic reading. */
export const KINDS: KindDefinition[] = [
  {
    id: 'temperature',
    label: 'Temperature',
    aliases: ['temperature', 'temp', 'tmp'],
    icon: 'fire',
    unit: 'celsius',
    thresholds: absolute('green', [26, 'orange'], [30, 'red']),
    primaryNames: ['value'],
  },
  {
    id: 'humidity',
    label: 'Humidity',
    aliases: ['humidity', 'hum', 'rh'],
    icon: 'cloud',
    unit: 'percent',
    thresholds: absolute('green', [60, 'orange'], [70, 'red']),
    primaryNames: ['value'],
  },
  {
    id: 'co2',
    label: 'CO₂',
    aliases: ['co2', 'carbon'],
    icon: 'vial',
    unit: 'ppm',
    thresholds: absolute('green', [1000, 'orange'], [1500, 'red']),
    primaryNames: ['value'],
  },
  {
    id: 'light',
    label: 'Light',
    aliases: ['light', 'lux', 'illuminance'],
    icon: 'adjust-circle',
    unit: 'lux',
    thresholds: absolute('text'),
    primaryNames: ['value'],
  },
  {
    id: 'solar',
    label: 'Solar',
    aliases: ['solar', 'pv'],
    icon: 'bolt',
    unit: 'watt',
    thresholds: absolute('text'),
    primaryNames: ['power_w', 'power', 'value'],
  },
  {
    id: 'switch',
    label: 'Switch',
    aliases: ['switch', 'relay'],
    icon: 'power',
    thresholds: absolute('text'),
    mappings: ON_OFF,
    primaryNames: ['on', 'value'],
  },
];

export const UNKNOWN_KIND_DEFINITION: KindDefinition = {
  id: UNKNOWN_KIND,
  label: 'Reading',
  aliases: [],
  icon: 'circle',
  primaryNames: ['value'],
};

/** Readings named like these are a device's value even when the kind is unknown. */
export const DEFAULT_PRIMARY_NAMES = ['value', 'power_w', 'on'];

/** Units for readings that are not the headline value (solar voltage and current). */
export const EXTRA_READING_UNITS: Record<string, string> = {
  power_w: 'watt',
  voltage: 'volt',
  current: 'amp',
};
