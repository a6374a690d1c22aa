import { FieldType, type DataFrame, type Field } from '@grafana/data';

import { RECENT_POINTS_PER_DEVICE } from '../../../bridge/src/live/recent-readings.js';
import type { DeviceState, RecentPoint } from './protocol.js';

/**
 * One device as the panel's data path reads it (an InfluxQL series): a time field and one field per
 * numeric or boolean reading, labelled with the device's tags, its id and its kind (the
 * measurement), so every device family is laid out the same way without knowing it.
 */
export function deviceFrame(state: DeviceState, points: readonly RecentPoint[]): DataFrame | undefined {
  if (!state.kind || state.lastTimestamp === undefined || !state.lastValues) {
    return undefined;
  }
  const labels = { ...state.tags, device: state.device, kind: state.kind };
  const names = Object.keys(state.lastValues).filter((name) => isReadingValue(state.lastValues![name]));
  const fields: Field[] = [{ name: 'Time', type: FieldType.time, config: {}, values: points.map(([ts]) => ts) }];
  for (const name of names) {
    const type = typeof state.lastValues[name] === 'boolean' ? FieldType.boolean : FieldType.number;
    fields.push({ name, type, config: {}, labels, values: points.map(([, values]) => (isReadingValue(values[name]) ? values[name] : null)) });
  }
  return { name: state.kind, refId: state.kind, fields, length: points.length };
}

/** The device's recent points with its newest reading last, as many as the bridge keeps. */
export function withLatest(points: readonly RecentPoint[], state: DeviceState): RecentPoint[] {
  const latest: RecentPoint | undefined = state.lastTimestamp !== undefined && state.lastValues ? [state.lastTimestamp, state.lastValues] : undefined;
  const last = points[points.length - 1];
  const all = latest && (!last || last[0] < latest[0]) ? [...points, latest] : [...points];
  return all.slice(-RECENT_POINTS_PER_DEVICE);
}

function isReadingValue(value: unknown): value is number | boolean {
  return typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
}
