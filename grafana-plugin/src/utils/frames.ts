import { FieldType, type DataFrame, type Field, type Labels } from '@grafana/data';

import { UNKNOWN_KIND } from '../constants.js';
import type { Reading } from '../types.js';
import { deviceKey } from './keys.js';
import { detectKind, normaliseKind } from './kinds.js';
import { countUsable, isValueField, lastUsableIndex } from './values.js';

/** Which label or column names the room, the device and the kind. */
export interface DataKeys {
  roomKey: string;
  deviceKey: string;
  kindKey: string;
}

/** One reading as found in the data, before readings are grouped into devices. */
export interface SourceReading {
  device: string;
  room?: string;
  /** Kind named explicitly by a label or column. */
  kind?: string;
  /** Names that may reveal the kind: series name, measurement, field name, refId, device id. */
  hints: string[];
  /** The kind resolved from `kind` or `hints` (see resolveKind) and the device's key, when already known. */
  resolvedKind?: string;
  key?: string;
  reading: Reading;
}

/**
 * What a series field gave in an earlier build, by its values array. Grafana hands a panel new
 * field objects on every data update but keeps the values arrays of unchanged series, so a
 * streamed batch touching 100 of 2,000 series reads those 100 again and reuses the rest.
 */
export type SeriesCache = WeakMap<readonly unknown[], SeriesEntry>;

interface SeriesEntry {
  /** What the entry was read from: the same array may be appended to in place (a streaming frame). */
  length: number;
  last: unknown;
  time: readonly unknown[] | undefined;
  lastTime: unknown;
  labels: Labels | undefined;
  fieldName: string;
  frameName: string | undefined;
  displayName: string | undefined;
  refId: string | undefined;
  measurement: unknown;
  source: Omit<SourceReading, 'reading'>;
  name: string;
  lastIndex: number;
}

const GENERIC_VALUE_NAMES = new Set(['value', '_value', 'values']);

/**
 * The readings of every frame. With a cache (one per builder, see SeriesCache), a series whose
 * values are the same as in the previous build is not read again.
 */
export function extractReadings(frames: readonly DataFrame[], keys: DataKeys, cache?: SeriesCache): SourceReading[] {
  const result: SourceReading[] = [];
  const deviceName = keys.deviceKey.trim().toLowerCase();
  for (const frame of frames) {
    if (deviceName && frame.fields.some((field) => field.type === FieldType.string && field.name.toLowerCase() === deviceName)) {
      result.push(...readLongTable(frame, keys));
    } else {
      readSeries(frame, keys, result, cache);
    }
  }
  return result;
}

/** InfluxQL and Prometheus shape: one series per value field, room and device as labels. */
function readSeries(frame: DataFrame, keys: DataKeys, result: SourceReading[], cache?: SeriesCache): void {
  let time: Field | undefined;
  for (const field of frame.fields) {
    if (field.type === FieldType.time) {
      time = field;
      break;
    }
  }
  for (const field of frame.fields) {
    if (!isValueField(field)) {
      continue;
    }
    const values = field.values;
    let entry = cache?.get(values);
    if (!entry || !sameSeries(entry, field, time, frame)) {
      entry = readSeriesField(field, time, frame, keys);
      cache?.set(values, entry);
    }
    const reading: Reading = { name: entry.name, field, time, lastIndex: entry.lastIndex, sourceRow: entry.lastIndex, frame };
    result.push({ ...entry.source, reading });
  }
}

function readSeriesField(field: Field, time: Field | undefined, frame: DataFrame, keys: DataKeys): SeriesEntry {
  const labels = field.labels ?? {};
  const device = labelValue(labels, keys.deviceKey) ?? seriesName(field, frame);
  const room = labelValue(labels, keys.roomKey);
  const kind = labelValue(labels, keys.kindKey);
  const hints = kindHints(field, frame, device);
  const resolvedKind = resolveKind(kind, hints);
  const values = field.values;
  return {
    length: values.length,
    last: values[values.length - 1],
    time: time?.values,
    lastTime: time?.values[time.values.length - 1],
    labels: field.labels,
    fieldName: field.name,
    frameName: frame.name,
    displayName: field.config.displayNameFromDS,
    refId: frame.refId,
    measurement: frame.meta?.custom?.measurement,
    source: { device, room, kind, hints, resolvedKind, key: deviceKey(room, device, resolvedKind) },
    name: readingName(field, frame),
    lastIndex: lastUsableIndex(values, time?.values),
  };
}

/** Whether a cached entry still describes the field: same names and labels, and its values not appended to since. */
function sameSeries(entry: SeriesEntry, field: Field, time: Field | undefined, frame: DataFrame): boolean {
  const values = field.values;
  return (
    entry.length === values.length &&
    entry.last === values[values.length - 1] &&
    entry.time === time?.values &&
    entry.lastTime === time?.values[time.values.length - 1] &&
    entry.labels === field.labels &&
    entry.fieldName === field.name &&
    entry.frameName === frame.name &&
    entry.displayName === field.config.displayNameFromDS &&
    entry.refId === frame.refId &&
    entry.measurement === frame.meta?.custom?.measurement
  );
}

/** A reading's kind: the explicit one normalised, else the first kind its hints name, else unknown. */
export function resolveKind(kind: string | undefined, hints: Array<string | undefined>): string {
  return kind ? normaliseKind(kind) : (detectKind(hints) ?? UNKNOWN_KIND);
}

/** SQL shape: rows of time, room, device, kind and value columns; one reading per device and value column. */
function readLongTable(frame: DataFrame, keys: DataKeys): SourceReading[] {
  const deviceField = findField(frame, keys.deviceKey);
  if (!deviceField) {
    return [];
  }
  const roomField = findField(frame, keys.roomKey);
  const kindField = findField(frame, keys.kindKey);
  const time = frame.fields.find((field) => field.type === FieldType.time);
  const valueFields = frame.fields.filter(isValueField);
  const result: SourceReading[] = [];
  for (const group of groupRows(deviceField, roomField, kindField)) {
    const groupTime = time ? sliceField(time, group.rows) : undefined;
    const sliced = valueFields.map((field) => sliceField(field, group.rows));
    // Columns that are empty for this device (solar's power_w on a thermometer's rows) are not its readings.
    const present = sliced.filter((field) => countUsable(field.values) > 0);
    const fields = present.length > 0 ? present : sliced.slice(0, 1);
    for (const field of fields) {
      result.push({
        device: group.device,
        room: group.room,
        kind: group.kind,
        hints: [field.name, frame.name, frame.refId, group.device].filter(isString),
        reading: makeReading(field.name.toLowerCase(), field, groupTime, frame, group.rows),
      });
    }
  }
  return result;
}

interface RowGroup {
  device: string;
  room?: string;
  kind?: string;
  rows: number[];
}

function groupRows(deviceField: Field, roomField?: Field, kindField?: Field): RowGroup[] {
  const groups = new Map<string, RowGroup>();
  for (let row = 0; row < deviceField.values.length; row++) {
    const device = text(deviceField.values[row]);
    if (!device) {
      continue;
    }
    const room = roomField ? text(roomField.values[row]) : undefined;
    const kind = kindField ? text(kindField.values[row]) : undefined;
    const key = `${room ?? ''}\u0000${device}\u0000${kind ?? ''}`;
    const group = groups.get(key);
    if (group) {
      group.rows.push(row);
    } else {
      groups.set(key, { device, room, kind, rows: [row] });
    }
  }
  return [...groups.values()];
}

function makeReading(name: string, field: Field, time: Field | undefined, frame: DataFrame, rows?: number[]): Reading {
  const lastIndex = lastUsableIndex(field.values, time?.values);
  const sourceRow = rows && lastIndex >= 0 ? (rows[lastIndex] ?? -1) : lastIndex;
  return { name, field, time, lastIndex, sourceRow, frame };
}

function sliceField(field: Field, rows: readonly number[]): Field {
  return { ...field, values: rows.map((row) => field.values[row]) };
}

/** The reading's own name: the field name, or the column in `measurement.column` when the field is just "Value". */
export function readingName(field: Field, frame: DataFrame): string {
  if (!GENERIC_VALUE_NAMES.has(field.name.toLowerCase())) {
    return field.name.toLowerCase();
  }
  const series = stripLabels(field.config.displayNameFromDS ?? frame.name ?? '');
  const dot = series.lastIndexOf('.');
  return dot > 0 ? series.slice(dot + 1).toLowerCase() : 'value';
}

function seriesName(field: Field, frame: DataFrame): string {
  return stripLabels(field.config.displayNameFromDS ?? frame.name ?? '') || field.name;
}

function kindHints(field: Field, frame: DataFrame, device: string): string[] {
  const measurement = frame.meta?.custom?.measurement;
  return [measurement, field.config.displayNameFromDS, frame.name, field.name, frame.refId, device].filter(isString);
}

function stripLabels(name: string): string {
  return name.replace(/\s*\{.*\}\s*$/, '').trim();
}

/** A field whose name matches the key (case-insensitive) and that holds text. */
export function findField(frame: DataFrame, key: string): Field | undefined {
  const wanted = key.trim().toLowerCase();
  if (!wanted) {
    return undefined;
  }
  return frame.fields.find((field) => field.type === FieldType.string && field.name.toLowerCase() === wanted);
}

export function labelValue(labels: Labels, key: string): string | undefined {
  // The label as written is the usual case; any other casing needs a search.
  const exact = labels[key];
  if (exact) {
    return exact;
  }
  const wanted = key.trim().toLowerCase();
  if (!wanted) {
    return undefined;
  }
  const match = Object.keys(labels).find((name) => name.toLowerCase() === wanted);
  const value = match === undefined ? undefined : labels[match];
  return value ? value : undefined;
}

function text(value: unknown): string | undefined {
  if (value === null || value === undefined) {
    return undefined;
  }
  const result = String(value).trim();
  return result ? result : undefined;
}

function isString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}
