import type { FieldValue, Quality, Reading } from '../model/reading.js';
import type { StageResult } from '../model/rejection.js';
import type { RawField, ValidMessage } from './validate.js';
import { checkRange } from './range.js';
import { toCanonical, unitName } from './units.js';

/**
 * Canonical units, InfluxDB field names, physical range and quality marker. Ranges are checked here,
 * after conversion, because they are stated in canonical units (150 °C is refused whether it was sent
 * as 150 °C or 302 °F).
 */
export function normaliseMessage(message: ValidMessage): StageResult<Reading> {
  const fields: Record<string, FieldValue> = {};
  let integerFields: string[] | undefined;
  let quality: Quality = 'good';
  for (const raw of message.fields) {
    const field = normaliseField(raw);
    if (!field.ok) return field;
    fields[raw.spec.field] = field.value.value;
    if (raw.spec.type === 'integer') (integerFields ??= []).push(raw.spec.field);
    if (field.value.quality === 'suspect') quality = 'suspect';
  }
  const reading: Reading = { measurement: message.profile.kind, tags: message.tags, ts: message.ts, fields, quality };
  if (integerFields) reading.integerFields = integerFields;
  return { ok: true, value: reading };
}

function normaliseField(raw: RawField): StageResult<{ value: FieldValue; quality: Quality }> {
  if (typeof raw.value !== 'number') return { ok: true, value: { value: raw.value, quality: 'good' } };
  const canonical = toCanonical(raw.value, raw.unit);
  const quality = checkRange(raw.spec, canonical, { value: raw.value, unit: unitName(raw.unit, raw.spec) });
  if (!quality.ok) return quality;
  return { ok: true, value: { value: canonical, quality: quality.value } };
}
