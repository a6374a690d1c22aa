import { Point } from '@influxdata/influxdb-client';
import type { Reading } from '../../model/reading.js';

/**
 * One reading → one point: measurement = kind; tags site, room (when known), device;
 * numeric fields as floats (so 25 and 25.5 never conflict), `on` as boolean, `quality` as string.
 * The timestamp is a number in ms (the WriteApi is created with precision `ms`); the client's
 * Point escapes every tag and field, so a hostile identifier cannot inject a tag.
 */
export function toPoint(reading: Reading): Point {
  const point = new Point(reading.kind).tag('site', reading.site).tag('device', reading.device);
  if (reading.room !== undefined) point.tag('room', reading.room);
  for (const [name, value] of Object.entries(reading.fields)) {
    if (typeof value === 'boolean') point.booleanField(name, value);
    else point.floatField(name, value);
  }
  return point.stringField('quality', reading.quality).timestamp(reading.ts);
}

export function toLineProtocol(reading: Reading): string {
  const line = toPoint(reading).toLineProtocol();
  if (line === undefined) throw new Error(`reading of ${reading.device} has no fields`);
  return line;
}
