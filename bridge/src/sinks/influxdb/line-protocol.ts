import { Point } from '@influxdata/influxdb-client';
import type { Reading } from '../../model/reading.js';

/**
 * One reading → one point: its measurement and tags as they are; numbers as floats (so 25 and 25.5
 * never conflict) except the reading's integer fields (`i` suffix), booleans and strings as such,
 * and `quality` as a string. The timestamp is a number in ms (the WriteApi is created with
 * precision `ms`); the client's Point escapes every tag and field, so a hostile identifier cannot
 * inject a tag.
 */
export function toPoint(reading: Reading): Point {
  const point = new Point(reading.measurement);
  for (const [name, value] of Object.entries(reading.tags)) point.tag(name, value);
  const integers = reading.integerFields;
  for (const [name, value] of Object.entries(reading.fields)) {
    if (typeof value === 'boolean') point.booleanField(name, value);
    else if (typeof value === 'string') point.stringField(name, value);
    else if (integers?.includes(name)) point.intField(name, value);
    else point.floatField(name, value);
  }
  return point.stringField('quality', reading.quality).timestamp(reading.ts);
}

export function toLineProtocol(reading: Reading): string {
  const line = toPoint(reading).toLineProtocol();
  if (line === undefined) throw new Error(`reading of ${reading.measurement} at ${reading.ts} has no fields`);
  return line;
}
