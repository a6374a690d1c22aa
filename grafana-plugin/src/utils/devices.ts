import { formattedValueToString, type DisplayValue, type GrafanaTheme2, type TimeRange, type TimeZone } from '@grafana/data';

import { DEFAULT_PRIMARY_NAMES, type KindDefinition } from '../constants.js';
import type { BuildingOptions, DeviceModel, DeviceStatus, Reading } from '../types.js';
import { readingDisplay, severityOf, type DisplayContext, type ReadingDisplay } from './display.js';
import { resolveKind, type SourceReading } from './frames.js';
import { deviceKey } from './keys.js';
import { kindDefinition } from './kinds.js';
import type { ReuseCache } from './reuse.js';
import { deviceStatus, formatAge } from './status.js';
import { trendPaths, type TrendPaths } from './trend.js';

export interface BuildContext {
  theme: GrafanaTheme2;
  timeZone: TimeZone;
  timeRange: TimeRange;
  /** Epoch ms that silence is measured against. */
  now: number;
  /** Keys (`deviceKey`) of devices that said they went offline: offline however recently they were heard. */
  saidOffline?: ReadonlySet<string>;
}

interface DeviceGroup {
  id: string;
  room?: string;
  kind: string;
  readings: Reading[];
}

/** What a device's model is made of, judged before the model itself (which costs more). */
interface DeviceJudgement {
  kind: KindDefinition;
  primary: Reading;
  lastSeen?: number;
  status: DeviceStatus;
  silence?: string;
}

/**
 * Groups readings into devices (room + device + kind) and judges each device's value and status.
 * With a cache, a device whose readings, status and time range are unchanged keeps its model.
 */
export function buildDevices(
  sources: readonly SourceReading[],
  options: BuildingOptions,
  context: BuildContext,
  cache?: ReuseCache<DeviceModel>,
  processors?: Map<string, ReadingDisplay>
): DeviceModel[] {
  const display: DisplayContext = { theme: context.theme, timeZone: context.timeZone, kindPresets: options.kindPresets, processors };
  const devices: DeviceModel[] = [];
  for (const [key, group] of groupDevices(sources)) {
    const judgement = judge(key, group, options, context);
    const make = () => toDevice(key, group, judgement, options, context, display);
    devices.push(cache ? cache.take(key, inputsOf(group, judgement, options, context), make) : make());
  }
  return devices;
}

function groupDevices(sources: readonly SourceReading[]): Map<string, DeviceGroup> {
  const groups = new Map<string, DeviceGroup>();
  for (const source of sources) {
    const kind = source.resolvedKind ?? resolveKind(source.kind, source.hints);
    const key = source.key ?? deviceKey(source.room, source.device, kind);
    const group = groups.get(key);
    if (group) {
      group.readings.push(source.reading);
    } else {
      groups.set(key, { id: source.device, room: source.room, kind, readings: [source.reading] });
    }
  }
  return groups;
}

export { deviceKey };

function judge(key: string, group: DeviceGroup, options: BuildingOptions, context: BuildContext): DeviceJudgement {
  const kind = kindDefinition(group.kind);
  const primary = pickPrimary(group.readings, kind);
  const lastSeen = newestTime(group.readings);
  const silenceStatus = deviceStatus(primary.lastIndex >= 0, lastSeen, context.now, options);
  const status = context.saidOffline?.has(key) ? 'offline' : silenceStatus;
  const silent = (status === 'stale' || status === 'offline') && lastSeen !== undefined;
  return { kind, primary, lastSeen, status, silence: silent ? formatAge(context.now - lastSeen) : undefined };
}

/**
 * Everything a device's model depends on besides the options and theme (a new builder starts when
 * those change): status, silence, the time range when sparklines are drawn, and each reading's
 * name, length and newest value with its time.
 */
function inputsOf(group: DeviceGroup, judgement: DeviceJudgement, options: BuildingOptions, context: BuildContext): unknown[] {
  const inputs: unknown[] = [judgement.status, judgement.silence];
  if (options.showSparkline) {
    inputs.push(context.timeRange.from.valueOf(), context.timeRange.to.valueOf());
  }
  for (const { name, field, time, lastIndex } of group.readings) {
    inputs.push(name, field.values.length, lastIndex, lastIndex >= 0 ? field.values[lastIndex] : undefined, lastIndex >= 0 ? time?.values[lastIndex] : undefined);
  }
  return inputs;
}

function toDevice(
  key: string,
  group: DeviceGroup,
  { kind, primary, lastSeen, status, silence }: DeviceJudgement,
  options: BuildingOptions,
  context: BuildContext,
  displayContext: DisplayContext
): DeviceModel {
  const extras = group.readings.filter((reading) => reading !== primary);
  const { processor, config } = readingDisplay(primary, kind, true, displayContext);
  const value = primary.lastIndex >= 0 ? primary.field.values[primary.lastIndex] : null;
  const display = withNoValueText(processor(value));
  const judged = status === 'ok' || status === 'stale';
  const color = judged ? (display.color ?? context.theme.colors.text.primary) : context.theme.colors.text.disabled;
  const { timeRange } = context;
  // Computed when first read, i.e. when the tile is drawn in full: most tiles are off screen.
  let trend: TrendPaths | undefined | null = null;
  return {
    key,
    id: group.id,
    room: group.room,
    kind: group.kind,
    primary,
    extras,
    display,
    extraDisplays: extras.map((reading) => ({ name: reading.name, text: readingText(reading, kind, displayContext) })),
    lastSeen,
    status,
    silence,
    severity: judged ? severityOf(value, config, primary.field.state?.range) : -1,
    color,
    get trend() {
      if (trend === null) {
        trend = options.showSparkline && primary.time ? trendPaths(primary.time.values, primary.field.values, timeRange) : undefined;
      }
      return trend;
    },
    hasLinks: (primary.field.config.links?.length ?? 0) > 0,
    getLinks: () => primary.field.getLinks?.({ valueRowIndex: primary.sourceRow >= 0 ? primary.sourceRow : undefined }) ?? [],
  };
}

function pickPrimary(readings: Reading[], kind: KindDefinition): Reading {
  if (readings.length === 1) {
    return readings[0]!;
  }
  for (const name of [...kind.primaryNames, ...DEFAULT_PRIMARY_NAMES]) {
    const match = readings.find((reading) => reading.name === name);
    if (match) {
      return match;
    }
  }
  return readings[0]!;
}

function newestTime(readings: Reading[]): number | undefined {
  let newest: number | undefined;
  for (const reading of readings) {
    if (reading.time && reading.lastIndex >= 0) {
      const time = Number(reading.time.values[reading.lastIndex]);
      if (Number.isFinite(time) && (newest === undefined || time > newest)) {
        newest = time;
      }
    }
  }
  return newest;
}

function readingText(reading: Reading, kind: KindDefinition, context: DisplayContext): string {
  const { processor } = readingDisplay(reading, kind, false, context);
  const value = reading.lastIndex >= 0 ? reading.field.values[reading.lastIndex] : null;
  return formattedValueToString(withNoValueText(processor(value)));
}

function withNoValueText(display: DisplayValue): DisplayValue {
  return display.text ? display : { ...display, text: 'No data' };
}
