import { FieldType, type Field } from '@grafana/data';

/** A value the panel can show: not null, not NaN, not infinite. */
export function isUsable(value: unknown): boolean {
  if (value === null || value === undefined) {
    return false;
  }
  return typeof value !== 'number' || Number.isFinite(value);
}

/** Fields that hold readings (numbers, or booleans such as a switch's `on`). */
export function isValueField(field: Field): boolean {
  return field.type === FieldType.number || field.type === FieldType.boolean;
}

/**
 * Index of the newest usable value: by time when there is a time field (SQL results may be
 * sorted newest first), otherwise the last one. -1 when the field has no usable value.
 */
export function lastUsableIndex(values: readonly unknown[], times?: readonly unknown[]): number {
  let best = -1;
  let bestTime = -Infinity;
  for (let i = 0; i < values.length; i++) {
    if (!isUsable(values[i])) {
      continue;
    }
    const time = times ? Number(times[i]) : i;
    if (best === -1 || time >= bestTime) {
      best = i;
      bestTime = time;
    }
  }
  return best;
}

export function countUsable(values: readonly unknown[]): number {
  let count = 0;
  for (const value of values) {
    if (isUsable(value)) {
      count++;
    }
  }
  return count;
}
