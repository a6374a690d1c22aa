import { Point, escape } from '@influxdata/influxdb-client';
import type { Reading } from '../../model/reading.js';

/**
 * One reading → one point: its measurement and tags as they are; numbers as floats (so 25 and 25.5
 * never conflict) except the reading's integer fields (`i` suffix), booleans and strings as such,
 * and `quality` as a string. The timestamp is a number in ms (the sink writes with
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

// Escaping is rare (identifiers never need it): a test first, the client's escaper only when it finds something.
const MEASUREMENT_SPECIAL = /[, \n\r\t]/;
const TAG_SPECIAL = /[, =\n\r\t]/;
const STRING_SPECIAL = /["\\]/;
const measurementText = (text: string): string => (MEASUREMENT_SPECIAL.test(text) ? escape.measurement(text) : text);
const tagText = (text: string): string => (TAG_SPECIAL.test(text) ? escape.tag(text) : text);
const quoted = (text: string): string => (STRING_SPECIAL.test(text) ? escape.quoted(text) : `"${text}"`);
const INT64_LIMIT = 9223372036854776e3;

/**
 * The line of `toPoint(reading)`, character for character (the tests hold it to that), without
 * building a Point: the sink writes every reading through here, the Point costs several objects each.
 */
export function toLineProtocol(reading: Reading): string {
  if (!reading.measurement) throw new Error(`reading at ${reading.ts} has no measurement`);
  let line = measurementText(reading.measurement);
  const tags = reading.tags;
  for (const name of Object.keys(tags).sort()) {
    const value = tags[name];
    if (name && value) line += `,${tagText(name)}=${tagText(value)}`;
  }
  const fields = reading.fields;
  const names = Object.keys(fields);
  if (!Object.hasOwn(fields, 'quality')) names.push('quality');
  names.sort();
  let separator = ' ';
  for (const name of names) {
    if (!name) continue;
    line += `${separator}${tagText(name)}=${name === 'quality' ? quoted(reading.quality) : fieldText(reading, name, fields[name]!)}`;
    separator = ',';
  }
  return `${line} ${Math.floor(reading.ts)}`;
}

function fieldText(reading: Reading, name: string, value: Reading['fields'][string]): string {
  if (typeof value === 'boolean') return value ? 'T' : 'F';
  if (typeof value === 'string') return quoted(value);
  if (reading.integerFields?.includes(name)) {
    if (Number.isNaN(value) || value <= -INT64_LIMIT || value >= INT64_LIMIT) throw new Error(`invalid integer value for field '${name}': '${value}'!`);
    return `${Math.floor(value)}i`;
  }
  if (!Number.isFinite(value)) throw new Error(`invalid float value for field '${name}': ${value}`);
  return String(value);
}
