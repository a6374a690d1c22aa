import type { Quality } from '../model/reading.js';
import type { StageResult } from '../model/rejection.js';
import type { FieldProfile } from '../profiles/types.js';
import { formatRange, withUnit } from './text.js';

/** How the value arrived, so a detail can show "302 °F (150 °C)" rather than only the converted number. */
export interface OriginalValue {
  value: number;
  unit: string | undefined;
}

/**
 * Physical limits (refuse) and plausible band (keep, mark suspect), both in canonical units.
 * A value that became non-finite through conversion is refused even when a field has no range.
 */
export function checkRange(spec: FieldProfile, canonical: number, original: OriginalValue): StageResult<Quality> {
  // Worded only for a refusal: most readings pass, and formatting numbers is not free.
  if (!Number.isFinite(canonical)) {
    return outOfRange(`${describeReading(spec, canonical, original)} is too large to store as a number.`);
  }
  if (spec.range && (canonical < spec.range[0] || canonical > spec.range[1])) {
    return outOfRange(`${describeReading(spec, canonical, original)} is outside the physical range ${formatRange(spec.range, spec.unit)}.`);
  }
  if (spec.plausible && (canonical < spec.plausible[0] || canonical > spec.plausible[1])) {
    return { ok: true, value: 'suspect' };
  }
  return { ok: true, value: 'good' };
}

function describeReading(spec: FieldProfile, canonical: number, original: OriginalValue): string {
  const asSent = withUnit(original.value, original.unit);
  const converted = original.unit !== spec.unit && Number.isFinite(canonical) ? ` (${withUnit(canonical, spec.unit)})` : '';
  return `${spec.label} ${asSent}${converted}`;
}

function outOfRange(detail: string): StageResult<never> {
  return { ok: false, rejection: { reason: 'out_of_range', detail } };
}
