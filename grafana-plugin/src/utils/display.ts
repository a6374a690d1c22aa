import {
  getActiveThreshold,
  getDisplayProcessor,
  ThresholdsMode,
  type DisplayProcessor,
  type Field,
  type FieldConfig,
  type GrafanaTheme2,
  type ThresholdsConfig,
  type TimeZone,
} from '@grafana/data';

import { EXTRA_READING_UNITS, type KindDefinition } from '../constants.js';
import type { Reading } from '../types.js';

export interface DisplayContext {
  theme: GrafanaTheme2;
  timeZone: TimeZone;
  kindPresets: boolean;
  /** Preset processors already made in this context (see readingDisplay), by what they are made from. */
  processors?: Map<string, ReadingDisplay>;
}

/** Processors kept per builder at most; each data range makes new ones, so the map is emptied past this. */
const MAX_PROCESSORS = 500;

export interface ReadingDisplay {
  processor: DisplayProcessor;
  /** The config the value is judged by (the field's own, completed by the kind's preset). */
  config: FieldConfig;
}

/** Thresholds that only hold a base colour, i.e. nothing the user asked for. */
export function isBaseOnly(thresholds?: ThresholdsConfig): boolean {
  return !thresholds || thresholds.steps.length <= 1;
}

/**
 * The field config completed by the kind's unit, thresholds and value mappings where the
 * field leaves them unset; undefined when there is nothing to complete.
 */
export function presetConfig(config: FieldConfig, kind: KindDefinition, readingName: string, primary: boolean): FieldConfig | undefined {
  const unit = primary ? kind.unit : EXTRA_READING_UNITS[readingName];
  const patch: FieldConfig = {};
  if (!config.unit && unit) {
    patch.unit = unit;
  }
  if (primary && kind.thresholds && isBaseOnly(config.thresholds)) {
    patch.thresholds = kind.thresholds;
  }
  if (primary && kind.mappings && !(config.mappings && config.mappings.length > 0)) {
    patch.mappings = kind.mappings;
  }
  return Object.keys(patch).length > 0 ? { ...config, ...patch } : undefined;
}

/** The display processor for a reading: Grafana's own unless the kind preset completes the config. */
export function readingDisplay(reading: Reading, kind: KindDefinition, primary: boolean, context: DisplayContext): ReadingDisplay {
  const { field } = reading;
  if (!context.kindPresets) {
    return own(field, context);
  }
  // 2,000 devices of a few kinds share a few configs: one preset (or none) and one processor each.
  // Only with a range from Grafana: without one, a processor scales colours by its own field's values.
  const range = field.state?.range;
  const cache = range ? context.processors : undefined;
  const key = cache && `${kind.id}\u0000${primary ? '' : reading.name}\u0000${field.type}\u0000${range?.min}\u0000${range?.max}\u0000${displayConfigKey(field.config)}`;
  const kept = key === undefined ? undefined : cache?.get(key);
  if (kept) {
    return kept === NO_PRESET ? own(field, context) : kept;
  }
  const preset = presetConfig(field.config, kind, reading.name, primary);
  const display = preset ? { processor: processorFor({ ...field, config: preset }, context), config: preset } : undefined;
  if (cache && key !== undefined) {
    if (cache.size >= MAX_PROCESSORS) {
      cache.clear();
    }
    cache.set(key, display ?? NO_PRESET);
  }
  return display ?? own(field, context);
}

/** Kept for configs the presets leave as they are: the field's own processor is then used. */
const NO_PRESET: ReadingDisplay = { processor: (value) => ({ text: String(value), numeric: NaN }), config: {} };

function own(field: Field, context: DisplayContext): ReadingDisplay {
  return { processor: field.display ?? processorFor(field, context), config: field.config };
}

/** What of a field config the presets and Grafana's display processor read: what two series share when they format alike. */
function displayConfigKey(config: FieldConfig): string {
  return JSON.stringify([config.unit, config.decimals, config.min, config.max, config.noValue, config.mappings, config.thresholds, config.color, config.type]);
}

function processorFor(field: Field, context: DisplayContext): DisplayProcessor {
  return getDisplayProcessor({ field, theme: context.theme, timeZone: context.timeZone });
}

/**
 * How bad a value is: the index of its active threshold step (0 = base). -1 for values
 * thresholds cannot judge (booleans, text, no value).
 */
export function severityOf(value: unknown, config: FieldConfig, range?: { min?: number | null; max?: number | null }): number {
  const steps = config.thresholds?.steps;
  if (typeof value !== 'number' || !Number.isFinite(value) || !steps || steps.length === 0) {
    return -1;
  }
  const judged = config.thresholds?.mode === ThresholdsMode.Percentage ? percentOf(value, config, range) : value;
  return steps.indexOf(getActiveThreshold(judged, steps));
}

function percentOf(value: number, config: FieldConfig, range?: { min?: number | null; max?: number | null }): number {
  const min = config.min ?? range?.min ?? 0;
  const max = config.max ?? range?.max ?? 100;
  return max === min ? 0 : ((value - min) / (max - min)) * 100;
}
