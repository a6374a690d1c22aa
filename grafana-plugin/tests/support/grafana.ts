/**
 * What Grafana does to a panel's data before the panel sees it, reproduced with @grafana/data's
 * own functions: apply the field config (defaults + overrides) so every field carries
 * `display` and `getLinks`. Used by the unit tests and the browser harness alike.
 */
import {
  applyFieldOverrides,
  dataLinksOverrideProcessor,
  dateTime,
  displayNameOverrideProcessor,
  FieldConfigOptionsRegistry,
  LoadingState,
  numberOverrideProcessor,
  stringOverrideProcessor,
  thresholdsOverrideProcessor,
  valueMappingsOverrideProcessor,
  identityOverrideProcessor,
  EventBusSrv,
  standardEditorsRegistry,
  standardFieldConfigEditorRegistry,
  type DataFrame,
  type FieldConfigPropertyItem,
  type FieldConfigSource,
  type GrafanaTheme2,
  type InterpolateFunction,
  type PanelProps,
  type ScopedVars,
  type TimeRange,
} from '@grafana/data';

import { DEFAULT_OPTIONS } from '../../src/constants.js';
import type { BuildingOptions } from '../../src/types.js';

type Processor = FieldConfigPropertyItem['process'];

const STANDARD: Array<[id: string, process: Processor]> = [
  ['unit', stringOverrideProcessor],
  ['decimals', numberOverrideProcessor],
  ['min', numberOverrideProcessor],
  ['max', numberOverrideProcessor],
  ['displayName', displayNameOverrideProcessor],
  ['noValue', stringOverrideProcessor],
  ['thresholds', thresholdsOverrideProcessor],
  ['mappings', valueMappingsOverrideProcessor],
  ['color', identityOverrideProcessor],
  ['links', dataLinksOverrideProcessor],
];

/** The standard field options (unit, decimals, thresholds, colour, mappings, links) without their editors. */
export function standardFieldConfigRegistry(): FieldConfigOptionsRegistry {
  return new FieldConfigOptionsRegistry(() =>
    STANDARD.map(([id, process]) => ({
      id,
      path: id,
      name: id,
      process,
      shouldApply: () => true,
      override: () => null,
      editor: () => null,
    }))
  );
}

const EDITORS = ['text', 'number', 'radio', 'boolean', 'select', 'slider', 'custom', 'color', 'unit', 'thresholds', 'mappings', 'links'];

/**
 * Fills the option-editor registries that Grafana fills at start-up (with inert editors), so
 * PanelPlugin's builders and field-config registry work outside Grafana. Safe to call twice.
 */
export function registerGrafanaEditors(): void {
  for (const id of EDITORS) {
    if (!standardEditorsRegistry.getIfExists(id)) {
      standardEditorsRegistry.register({ id, name: id, editor: () => null });
    }
  }
  for (const item of standardFieldConfigRegistry().list()) {
    if (!standardFieldConfigEditorRegistry.getIfExists(item.id)) {
      standardFieldConfigEditorRegistry.register(item);
    }
  }
}

/**
 * A stand-in for Grafana's template service: `${__field.labels.x}`, `${__field.name}` and
 * `${__value.raw}` from the data context, dashboard variables from `variables`.
 */
export function makeReplaceVariables(variables: Record<string, string> = {}): InterpolateFunction {
  return (text: string, scopedVars?: ScopedVars) => {
    const context = scopedVars?.__dataContext?.value as
      | { field?: { labels?: Record<string, string>; name?: string; values?: unknown[] }; rowIndex?: number }
      | undefined;
    return text
      .replace(/\$\{__field\.labels\.([\w-]+)\}/g, (_, label: string) => context?.field?.labels?.[label] ?? '')
      .replace(/\$\{__field\.name\}/g, () => context?.field?.name ?? '')
      .replace(/\$\{__value\.raw\}/g, () => String(context?.rowIndex === undefined ? '' : context.field?.values?.[context.rowIndex]))
      .replace(/\$\{(\w+)\}|\$(\w+)/g, (match, braced?: string, bare?: string) => variables[braced ?? bare ?? ''] ?? match);
  };
}

export function processFrames(
  frames: DataFrame[],
  fieldConfig: FieldConfigSource,
  theme: GrafanaTheme2,
  replaceVariables: InterpolateFunction = makeReplaceVariables()
): DataFrame[] {
  return applyFieldOverrides({
    data: frames,
    fieldConfig,
    fieldConfigRegistry: standardFieldConfigRegistry(),
    replaceVariables,
    theme,
    timeZone: 'utc',
  });
}

export interface PanelPropsInput {
  frames: DataFrame[];
  theme: GrafanaTheme2;
  timeRange: TimeRange;
  options?: Partial<BuildingOptions>;
  fieldConfig?: FieldConfigSource;
  width?: number;
  height?: number;
  variables?: Record<string, string>;
}

/** Props as Grafana hands them to a panel, with the frames already processed. */
export function makePanelProps(input: PanelPropsInput): PanelProps<BuildingOptions> {
  const fieldConfig = input.fieldConfig ?? { defaults: {}, overrides: [] };
  const replaceVariables = makeReplaceVariables(input.variables);
  return {
    id: 1,
    data: {
      state: LoadingState.Done,
      series: processFrames(input.frames, fieldConfig, input.theme, replaceVariables),
      timeRange: input.timeRange,
    },
    timeRange: input.timeRange,
    timeZone: 'utc',
    options: { ...DEFAULT_OPTIONS, ...input.options },
    transparent: false,
    width: input.width ?? 1200,
    height: input.height ?? 800,
    fieldConfig,
    renderCounter: 0,
    title: 'Building',
    eventBus: new EventBusSrv(),
    onOptionsChange: () => {},
    onFieldConfigChange: () => {},
    replaceVariables,
    onChangeTimeRange: () => {},
  };
}

export function lastHour(now: number): TimeRange {
  return { from: dateTime(now - 3_600_000), to: dateTime(now), raw: { from: 'now-1h', to: 'now' } };
}
