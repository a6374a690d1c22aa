import type { StageResult } from '../model/rejection.js';
import type { FieldProfile, UnitConversion } from '../profiles/types.js';
import { describeValue, quote } from './text.js';

/** The unit a field's value arrived in; `identity` when the payload gave none (the canonical unit). */
export const IDENTITY: UnitConversion = Object.freeze({ names: Object.freeze([]), offset: 0, scale: 1 });

/**
 * Matches the payload's `unit` against the field's accepted spellings (exact, after trimming:
 * "mW" and "MW" must never be confused). A missing or null unit means the canonical unit.
 */
export function resolveUnit(field: FieldProfile, raw: unknown): StageResult<UnitConversion> {
  if (raw === undefined || raw === null || !field.units) return { ok: true, value: IDENTITY };
  if (typeof raw !== 'string') {
    return { ok: false, rejection: { reason: 'schema', detail: `field "unit" must be a string, got ${describeValue(raw)}.` } };
  }
  const name = raw.trim();
  const match = field.units.find((unit) => unit.names.includes(name));
  if (match) return { ok: true, value: match };
  const accepted = field.units.flatMap((unit) => unit.names).join(', ');
  return {
    ok: false,
    rejection: { reason: 'invalid_unit', detail: `unit ${quote(raw)} is not accepted for ${field.label}; use one of: ${accepted}.` },
  };
}

/** Converts to the canonical unit; rounds away float noise (77 °F is 25 °C, not 25.000000000000004). */
export function toCanonical(value: number, unit: UnitConversion): number {
  if (unit.offset === 0 && unit.scale === 1) return value + 0;
  const converted = (value + unit.offset) * unit.scale;
  return Number(converted.toPrecision(12)) + 0;
}

/** Display name of the unit the value arrived in, or the canonical one. */
export function unitName(unit: UnitConversion, field: FieldProfile): string | undefined {
  return unit.names[0] ?? field.unit;
}
