import { FieldType, type DataFrame, type Field, type Labels } from '@grafana/data';

import type { Reading } from '../types.js';
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
  reading: Reading;
}

const GENERIC_VALUE_NAMES = new Set(['value', '_value', 'values']);

export function extractReadings(frames: readonly DataFrame[], keys: DataKeys): SourceReading[] {
  return frames.flatMap((frame) => (findField(frame, keys.deviceKey) ? readLongTable(frame, keys) : readSeries(frame, keys)));
}

/** InfluxQL and Prometheus shape: one series per value field, room and device as labels. */
function readSeries(frame: DataFrame, keys: DataKeys): SourceReading[] {
  const time = frame.fields.find((field) => field.type === FieldType.time);
  return frame.fields.filter(isValueField).map((field) => {
    const labels = field.labels ?? {};
    const device = labelValue(labels, keys.deviceKey) ?? seriesName(field, frame);
    return {
      device,
      room: labelValue(labels, keys.roomKey),
      kind: labelValue(labels, keys.kindKey),
      hints: kindHints(field, frame, device),
      reading: makeReading(readingName(field, frame), field, time, frame),
    };
  });
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
